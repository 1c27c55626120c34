// Wirelens' libpcap binding: listInterfaces(), new Capture(name, options), libVersion().
#include <napi.h>
#include <pcap/pcap.h>

#include "capture.h"
#include "interfaces.h"

namespace {

Napi::Value LibVersion(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), pcap_lib_version());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("listInterfaces", Napi::Function::New(env, ListInterfaces, "listInterfaces"));
  exports.Set("libVersion", Napi::Function::New(env, LibVersion, "libVersion"));
  exports.Set("Capture", Capture::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(wirelens_pcap, Init)
