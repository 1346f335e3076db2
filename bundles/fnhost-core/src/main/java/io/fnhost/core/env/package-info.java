/**
 * The target of the {@code System.getenv} calls that fnhost rewrites in function apps' classes, so that
 * each app reads its own app settings the way Azure code does. Function code never calls this package
 * itself: it keeps calling {@code System.getenv}, which is what makes the same source run in Azure.
 */
@Export
@Version("1.0.0")
package io.fnhost.core.env;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
