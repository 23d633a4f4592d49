package dev.esm.platform.database;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Run as another OS user by {@link EmbeddedDatabaseSecurityTests}: tries to reach the embedded PostgreSQL and prints
 * one line per attempt.
 * <ul>
 * <li>{@code tcp PORT ROLE [PASSWORD]}: a JDBC connection to 127.0.0.1; prints {@code CONNECTED} or
 * {@code REFUSED <SQLSTATE>}.</li>
 * <li>{@code socket PATH}: a Unix-socket connection and a startup message as {@code postgres}; prints
 * {@code UNREACHABLE <reason>}, {@code TRUSTED} (let in without a password) or {@code PASSWORD-REQUIRED <auth code>}.
 * </li>
 * </ul>
 */
public final class ConnectionProbe {

    private ConnectionProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("tcp")) {
            Properties properties = new Properties();
            properties.setProperty("user", args[2]);
            if (args.length > 3) {
                properties.setProperty("password", args[3]);
            }
            properties.setProperty("connectTimeout", "10");
            try (var ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + args[1] + "/postgres",
                    properties)) {
                System.out.println("CONNECTED");
            } catch (SQLException e) {
                System.out.println("REFUSED " + e.getSQLState());
            }
        } else {
            System.out.println(socket(args[1]));
        }
    }

    static String socket(String path) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            byte[] parameters = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer startup = ByteBuffer.allocate(8 + parameters.length);
            startup.putInt(8 + parameters.length).putInt(196608).put(parameters).flip();
            channel.write(startup);
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
            byte type = in.readByte();
            int length = in.readInt();
            if (type != 'R' || length < 8) {
                return "UNEXPECTED " + (char) type;
            }
            int code = in.readInt();
            return code == 0 ? "TRUSTED" : "PASSWORD-REQUIRED " + code;
        } catch (IOException e) {
            return "UNREACHABLE " + e.getMessage();
        }
    }
}
