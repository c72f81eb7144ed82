/*
 * tinyhttpd: the cheapest HTTP server we could think of, used as the supervised child in
 * `bench/run.sh restart`. One process, no threads, no allocation: it binds 127.0.0.1:PORT
 * (SO_REUSEADDR, so a restarted copy can bind while old connections sit in TIME_WAIT), then
 * answers every connection with "200 ok" and closes it. Startup is one exec plus three syscalls,
 * so what the restart benchmark measures is the supervisor, not the server.
 *
 *   gcc -O2 -o tinyhttpd tinyhttpd.c && ./tinyhttpd 8080
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(s, 128) < 0) {
    perror("tinyhttpd: bind/listen");
    return 1;
  }
  char buf[4096];
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) continue;
    /* Read the request head (small GETs arrive in one segment; read until the blank line). */
    size_t got = 0;
    while (got < sizeof buf - 1) {
      ssize_t n = read(c, buf + got, sizeof buf - 1 - got);
      if (n <= 0) break;
      got += (size_t)n;
      buf[got] = 0;
      if (strstr(buf, "\r\n\r\n")) break;
    }
    if (write(c, RESPONSE, sizeof RESPONSE - 1) < 0) { /* client went away */ }
    shutdown(c, SHUT_WR);
    close(c);
  }
}
