/**
 * Store implementations that keep everything in memory: for tests of the layers above the stores, and for a hub
 * whose state need not survive it. Each passes the same contract suite as the SQL stores; nothing here is durable.
 */
package io.fleethub.core.memory;
