package io.fleethub.core.twin;

/**
 * Told of every write to desired properties once it is stored, on the writer's thread, in the order of the
 * writes to one twin when its writers run on the device's lane. Must return quickly without blocking.
 */
@FunctionalInterface
public interface DesiredPropertiesListener {
  void desiredPropertiesChanged(DesiredPropertiesChange change);
}
