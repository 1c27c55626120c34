// One open live capture: packets in batches read on a worker thread, drop statistics, a clean stop.
#pragma once
#include <napi.h>
#include <pcap/pcap.h>

#include <atomic>

class Capture : public Napi::ObjectWrap<Capture> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Capture(const Napi::CallbackInfo& info);
  ~Capture() override;

  // Called by the read worker when it has finished with the handle; `last` when it was the stopping read.
  void ReadFinished(bool last);

 private:
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value LinkType(const Napi::CallbackInfo& info);
  Napi::Value Nanosecond(const Napi::CallbackInfo& info);
  Napi::Value Warning(const Napi::CallbackInfo& info);

  void ReleaseHandle();

  pcap_t* handle_ = nullptr;
  bool reading_ = false;
  bool closeRequested_ = false;
  bool nanosecond_ = false;
  std::string warning_;
};
