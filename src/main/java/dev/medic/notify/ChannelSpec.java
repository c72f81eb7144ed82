package dev.medic.notify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.medic.incident.Incident;
import java.net.http.HttpClient;

/**
 * Where escalations go. A new channel kind is one record implementing this interface plus one line
 * in {@link JsonSubTypes} below.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = WebhookChannel.class, name = "webhook")})
public sealed interface ChannelSpec permits WebhookChannel {

  String name();

  /**
   * Delivers one notice; throws when the receiver did not accept it.
   *
   * @param event {@code escalation} or {@code approval_needed}
   * @param extra event-specific fields (for example {@code approval_id}), may be empty
   */
  void send(HttpClient http, String event, Incident incident, String reason, java.util.Map<String, Object> extra)
      throws Exception;
}
