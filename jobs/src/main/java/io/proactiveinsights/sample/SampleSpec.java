package io.proactiveinsights.sample;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to generate: {@code users} people and {@code days} days of history ending with {@code
 * endDate} (inclusive), from {@code seed}. The same spec always writes the same data.
 */
public record SampleSpec(Path outDir, int users, int days, long seed, LocalDate endDate) {}
