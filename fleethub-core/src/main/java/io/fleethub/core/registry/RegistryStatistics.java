package io.fleethub.core.registry;

/** Device counts as {@code GET /statistics/devices} reports them. */
public record RegistryStatistics(long totalDeviceCount, long enabledDeviceCount, long disabledDeviceCount) {}
