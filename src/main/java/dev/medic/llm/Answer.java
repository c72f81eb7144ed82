package dev.medic.llm;

import dev.medic.spi.Verdict;
import java.util.List;

/** The model's answer, read and checked field by field; its suggestions not yet checked against the allowed ones. */
record Answer(String rootCause, String rootTarget, String rootCondition, List<String> evidence, double confidence,
    Verdict verdict, List<String> suggestedActions) {}
