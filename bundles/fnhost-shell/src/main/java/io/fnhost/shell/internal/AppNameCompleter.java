package io.fnhost.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.fnhost.cluster.FunctionCluster;

/** Completes the names of the apps published to the cluster. */
@Service
public class AppNameCompleter implements Completer {
    @Reference(optional = true)
    FunctionCluster cluster;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (cluster != null) {
            cluster.apps().forEach(app -> names.getStrings().add(app.name));
        }
        return names.complete(session, commandLine, candidates);
    }
}
