package io.fnhost.spi;

import org.osgi.dto.DTO;

/** A named key. Values are secrets: never log them. */
public class KeyDTO extends DTO {
    /** Key name; the master key is {@code _master} (Azure reports it as {@code master} in some payloads). */
    public String name;
    /** The secret. */
    public String value;
    /** Set by write operations only: {@code true} when the key did not exist before (HTTP 201), else 200. */
    public boolean created;
}
