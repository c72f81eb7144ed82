package dev.medic.notify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A channel as written in {@code escalation.channels}. A new channel kind is one record implementing
 * this interface plus one line in {@link JsonSubTypes} below.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = WebhookChannel.class, name = "webhook")})
public sealed interface ChannelSpec extends Channel permits WebhookChannel {}
