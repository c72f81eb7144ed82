package dev.medic.notify;

import java.net.http.HttpClient;

/** What channels share to send with: medic's HTTP client (TLS verified, no redirects followed). */
public record ChannelContext(HttpClient http) {}
