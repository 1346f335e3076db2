/**
 * The fnhost cluster as the management role, the admin API and the shell see it: the nodes, the
 * published apps, where the planner placed them and what each node runs. Implemented by fnhost-cluster
 * on Hazelcast; see {@link io.fnhost.cluster.FunctionCluster}.
 */
@Export
@Version("1.1.0")
package io.fnhost.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
