package dev.medic.spi;

/** What channels send with: the clients plugins bound (an HTTP client, a mail session). */
public record ChannelContext(Bindings bindings) {}
