package org.paperboy.config;

/** The configuration is unusable; the message names the setting and what a valid value looks like. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
