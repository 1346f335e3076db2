/**
 * HTTP routes of functions as fnhost's HTTP trigger matches them, for components that must know which
 * function a request reaches before it reaches a node (the management role's gateway).
 */
@Export
@Version("1.0.0")
package io.fnhost.http.routes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
