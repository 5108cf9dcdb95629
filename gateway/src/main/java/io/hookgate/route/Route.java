package io.hookgate.route;

/** Where one event goes: an exchange and a rendered routing key. */
public record Route(String exchange, String routingKey) {}
