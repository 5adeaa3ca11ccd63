package io.powermap.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts an embedded Neo4j Community server with only the Bolt connector open, on 127.0.0.1.
 *
 * <p>Usage: {@code Neo4jLauncher --data DIR [--port N] [--host H] [--pagecache SIZE]
 * [--ready-file FILE]}. Port 0 picks a free port. When the server is up, the launcher writes
 * {@code {"port": N, "pid": P}} to the ready file (atomically) and prints one line to stdout.
 * The password of the user {@code neo4j} is read from the environment variable
 * {@code POWERMAP_NEO4J_PASSWORD}; without it (or with an empty one) the launcher refuses to
 * start rather than run without authentication. The data directory is made readable by its
 * owner only (0700). SIGTERM shuts the database down cleanly.
 */
public final class Neo4jLauncher {

    private static final String DATABASE = "neo4j";
    private static final String PASSWORD_ENV = "POWERMAP_NEO4J_PASSWORD";

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseOptions(args);
        Path data = Path.of(require(options, "data")).toAbsolutePath();
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(options.getOrDefault("port", "7687"));
        String pagecache = options.getOrDefault("pagecache", "256m");
        String password = System.getenv(PASSWORD_ENV);
        boolean auth = password != null && !password.isBlank();
        if (!auth) {
            // Never serve a database without authentication, not even on 127.0.0.1.
            System.err.println("powermap-neo4j: refusing to start: " + PASSWORD_ENV
                    + " is not set or is empty, and Neo4j must not run without authentication");
            System.exit(2);
        }
        ownerOnly(data);

        Map<String, String> settings = new LinkedHashMap<>();
        // Neo4j otherwise reports usage to its vendor; this machine talks to no one.
        settings.put("dbms.usage_report.enabled", "false");
        settings.put("server.memory.pagecache.size", pagecache);
        settings.put("dbms.security.auth_enabled", Boolean.toString(auth));
        // Only Bolt: the HTTP connectors are not on the classpath; say so explicitly anyway.
        settings.put("server.http.enabled", "false");
        settings.put("server.https.enabled", "false");
        settings.put("db.tx_log.preallocate", "false");
        // A backstop for any transaction without its own limit; reads set query_timeout, and a
        // one-transaction import of 200,000 people takes about a minute.
        settings.put("db.transaction.timeout", "10m");
        // LOAD CSV may read file:/// URLs from DATA_DIR/import only (the import benchmark).
        settings.put("server.directories.import", data.resolve("import").toString());
        Path conf = writeConf(data, settings);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data)
                .loadPropertiesFromFile(conf)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "powermap-neo4j-shutdown"));

        try {
            if (auth) {
                setPassword(dbms, password);
            }
            GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(DATABASE);
            int boundPort = db.getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT)
                    .getPort();
            long pid = ProcessHandle.current().pid();
            String ready = "{\"port\": " + boundPort + ", \"pid\": " + pid + "}";
            if (options.containsKey("ready-file")) {
                writeAtomically(Path.of(options.get("ready-file")), ready + "\n");
            }
            System.out.println("powermap-neo4j ready bolt://" + host + ":" + boundPort + " pid " + pid);
            System.out.flush();
        } catch (Exception e) {
            // Neo4j's threads would keep the JVM alive; a launcher that failed must exit.
            e.printStackTrace();
            System.exit(1);
        }
        stopped.await();
    }

    /**
     * Community edition keeps users in the system database; set the password at every start so
     * the one in the data directory always wins and no first-login change is required.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /**
     * Creates the data directory readable by its owner only (0700) and narrows an existing one:
     * the store files inside are the whole graph.
     */
    private static void ownerOnly(Path data) throws IOException {
        Files.createDirectories(data);
        try {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): its ACLs are the owner's business
        }
    }

    /** Writes the settings as DIR/conf/neo4j.conf, so what the server runs with can be read. */
    private static Path writeConf(Path data, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder("# Written by the Powermap launcher at every start.\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path conf = data.resolve("conf").resolve("neo4j.conf");
        Files.createDirectories(conf.getParent());
        writeAtomically(conf, text.toString());
        return conf;
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing required option --" + name);
        }
        return value;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
