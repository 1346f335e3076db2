/**
 * fnhost's extension SPI. Triggers and bindings are extensions, as in the Azure WebJobs SDK: the
 * core knows no trigger type. A trigger extension registers a {@link io.fnhost.spi.TriggerProvider},
 * a binding extension a {@link io.fnhost.spi.BindingProvider}, each with the service property
 * {@value io.fnhost.spi.TriggerProvider#BINDING_TYPE}. The core starts a function once providers for
 * all its binding types are present.
 */
@Export
@Version("1.5.0")
package io.fnhost.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
