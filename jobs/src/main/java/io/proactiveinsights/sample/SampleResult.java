package io.proactiveinsights.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the generator wrote: rows per table (bad rows and duplicates included) and the planted
 * situations.
 */
public record SampleResult(
    Path outDir, Map<String, Long> rowsPerTable, List<PlantedSituation> planted) {}
