// pcap_findalldevs as plain objects: name, description, numeric addresses and the loopback/up/running flags.
#include "interfaces.h"

#include <pcap/pcap.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <sys/socket.h>
#endif

#include <string>

namespace {

std::string NumericAddress(const struct sockaddr* sa) {
  if (sa == nullptr) return "";
  socklen_t len = 0;
  if (sa->sa_family == AF_INET) len = sizeof(struct sockaddr_in);
  else if (sa->sa_family == AF_INET6) len = sizeof(struct sockaddr_in6);
  else return "";
  char host[NI_MAXHOST];
  if (getnameinfo(sa, len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) return "";
  return host;
}

}  // namespace

Napi::Value ListInterfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_if_t* all = nullptr;
  if (pcap_findalldevs(&all, errbuf) == -1) {
    Napi::Error err = Napi::Error::New(env, errbuf);
    err.Set("code", Napi::String::New(env, "EPCAP"));
    throw err;
  }
  Napi::Array list = Napi::Array::New(env);
  uint32_t n = 0;
  for (pcap_if_t* d = all; d != nullptr; d = d->next) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", d->name);
    o.Set("description", d->description ? d->description : "");
    Napi::Array addrs = Napi::Array::New(env);
    uint32_t k = 0;
    for (pcap_addr_t* a = d->addresses; a != nullptr; a = a->next) {
      std::string s = NumericAddress(a->addr);
      if (!s.empty()) addrs.Set(k++, s);
    }
    o.Set("addresses", addrs);
    o.Set("loopback", Napi::Boolean::New(env, (d->flags & PCAP_IF_LOOPBACK) != 0));
    o.Set("up", Napi::Boolean::New(env, (d->flags & PCAP_IF_UP) != 0));
    o.Set("running", Napi::Boolean::New(env, (d->flags & PCAP_IF_RUNNING) != 0));
    o.Set("wireless", Napi::Boolean::New(env, (d->flags & PCAP_IF_WIRELESS) != 0));
    list.Set(n++, o);
  }
  pcap_freealldevs(all);
  return list;
}
