package dev.medic.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void unitsCountInPowersOf1024WhateverTheSpelling() {
    assertThat(ByteSize.parse("512MB").bytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(ByteSize.parse("512MiB").bytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(ByteSize.parse("512m").bytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(ByteSize.parse("1.5GiB").bytes()).isEqualTo(1536L * 1024 * 1024);
    assertThat(ByteSize.parse("800k").bytes()).isEqualTo(800L * 1024);
    assertThat(ByteSize.parse("2 TB").bytes()).isEqualTo(2L << 40);
    assertThat(ByteSize.parse("4096").bytes()).isEqualTo(4096);
    assertThat(ByteSize.parse("10b").bytes()).isEqualTo(10);
  }

  @Test
  void nonsenseNegativeAndHugeSizesAreRefusedSayingWhatIsExpected() {
    assertThatThrownBy(() -> ByteSize.parse("lots"))
        .hasMessage("expected a size like 512MB, 1.5GiB, 800k or a whole number of bytes, got 'lots'");
    assertThatThrownBy(() -> ByteSize.parse("5 PB")).hasMessageContaining("got '5 PB'");
    assertThatThrownBy(() -> ByteSize.parse("-1MB")).hasMessageContaining("got '-1MB'");
    assertThatThrownBy(() -> ByteSize.ofBytes(-1)).hasMessageContaining("must not be negative, got -1");
    assertThatThrownBy(() -> ByteSize.parse("99999999TB")).hasMessageContaining("too large");
  }

  @Test
  void formatsInTheLargestUnitWithOneDecimalAndPrintsBackAsItParses() {
    assertThat(ByteSize.format(310L * 1024 * 1024)).isEqualTo("310 MiB");
    assertThat(ByteSize.format(2.1 * 1024 * 1024)).isEqualTo("2.1 MiB");
    assertThat(ByteSize.format(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
    assertThat(ByteSize.format(999)).isEqualTo("999 B");
    ByteSize size = ByteSize.parse("1.5GiB");
    assertThat(size.toString()).isEqualTo("1.5GiB");
    assertThat(ByteSize.parse(size.toString())).isEqualTo(size);
  }
}
