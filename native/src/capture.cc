// A live capture handle. pcap_dispatch runs on a libuv worker thread (one read at a time); close() during a read
// breaks the loop and releases the handle once the read has returned.
#include "capture.h"

#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int kMetaPerPacket = 4;  // seconds, fraction (ns or us), captured length, original length

Napi::Error PcapError(Napi::Env env, const std::string& message, const char* code) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, code));
  return err;
}

const char* CodeForStatus(int status) {
  switch (status) {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return "EPERM";
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return "ENODEV";
    case PCAP_ERROR_IFACE_NOT_UP:
      return "ENETDOWN";
    default:
      return "EPCAP";
  }
}

uint32_t OptionUint(const Napi::Object& o, const char* key, uint32_t fallback) {
  if (!o.Has(key)) return fallback;
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().Uint32Value() : fallback;
}

bool OptionBool(const Napi::Object& o, const char* key, bool fallback) {
  if (!o.Has(key)) return fallback;
  Napi::Value v = o.Get(key);
  return v.IsBoolean() ? v.As<Napi::Boolean>().Value() : fallback;
}

class ReadWorker : public Napi::AsyncWorker {
 public:
  ReadWorker(Napi::Env env, Capture* owner, Napi::Object self, pcap_t* handle, int maxPackets, bool drainOnly)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        owner_(owner),
        self_(Napi::Persistent(self)),
        handle_(handle),
        maxPackets_(maxPackets),
        drainOnly_(drainOnly) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    int rc = drainOnly_ ? PCAP_ERROR_BREAK
                        : pcap_dispatch(handle_, maxPackets_, &ReadWorker::OnPacket, reinterpret_cast<u_char*>(this));
    if (rc == PCAP_ERROR) SetError(pcap_geterr(handle_));
    else if (rc == PCAP_ERROR_BREAK) {
      // Stopped by close(): hand over what the kernel already queued, without waiting for more.
      stopped_ = true;
      char errbuf[PCAP_ERRBUF_SIZE];
      if (pcap_setnonblock(handle_, 1, errbuf) == 0) {
        // A pending pcap_breakloop makes the first call return at once: then read again.
        for (int attempt = 0; attempt < 2; attempt++)
          if (pcap_dispatch(handle_, -1, &ReadWorker::OnPacket, reinterpret_cast<u_char*>(this)) != PCAP_ERROR_BREAK)
            break;
      }
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object batch = Napi::Object::New(env);
    size_t count = meta_.size() / kMetaPerPacket;
    Napi::Buffer<uint8_t> data = Napi::Buffer<uint8_t>::Copy(env, bytes_.data(), bytes_.size());
    Napi::Float64Array meta = Napi::Float64Array::New(env, meta_.size());
    if (!meta_.empty()) std::memcpy(meta.Data(), meta_.data(), meta_.size() * sizeof(double));
    batch.Set("count", Napi::Number::New(env, static_cast<double>(count)));
    batch.Set("data", data);
    batch.Set("meta", meta);
    batch.Set("stopped", Napi::Boolean::New(env, stopped_));
    owner_->ReadFinished(stopped_);
    deferred_.Resolve(batch);
  }

  void OnError(const Napi::Error& e) override {
    owner_->ReadFinished(true);
    Napi::Error err = PcapError(Env(), e.Message(), "EPCAP");
    deferred_.Reject(err.Value());
  }

 private:
  static void OnPacket(u_char* user, const struct pcap_pkthdr* h, const u_char* bytes) {
    auto* self = reinterpret_cast<ReadWorker*>(user);
    self->meta_.push_back(static_cast<double>(h->ts.tv_sec));
    self->meta_.push_back(static_cast<double>(h->ts.tv_usec));
    self->meta_.push_back(static_cast<double>(h->caplen));
    self->meta_.push_back(static_cast<double>(h->len));
    self->bytes_.insert(self->bytes_.end(), bytes, bytes + h->caplen);
  }

  Napi::Promise::Deferred deferred_;
  Capture* owner_;
  Napi::ObjectReference self_;
  pcap_t* handle_;
  int maxPackets_;
  bool drainOnly_;
  bool stopped_ = false;
  std::vector<double> meta_;
  std::vector<uint8_t> bytes_;
};

}  // namespace

Napi::Function Capture::Define(Napi::Env env) {
  return DefineClass(env, "Capture",
                     {
                         InstanceMethod("read", &Capture::Read),
                         InstanceMethod("stats", &Capture::Stats),
                         InstanceMethod("close", &Capture::Close),
                         InstanceAccessor("linkType", &Capture::LinkType, nullptr),
                         InstanceAccessor("nanosecond", &Capture::Nanosecond, nullptr),
                         InstanceAccessor("warning", &Capture::Warning, nullptr),
                     });
}

Capture::Capture(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Capture>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString())
    throw Napi::TypeError::New(env, "Capture(name, options): the interface name must be a string");
  std::string name = info[0].As<Napi::String>().Utf8Value();
  Napi::Object opts = info.Length() > 1 && info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
  std::string filter;
  if (opts.Has("filter") && opts.Get("filter").IsString()) filter = opts.Get("filter").As<Napi::String>().Utf8Value();

  char errbuf[PCAP_ERRBUF_SIZE] = {0};
  pcap_t* p = pcap_create(name.c_str(), errbuf);
  if (p == nullptr) throw PcapError(env, errbuf, "ENODEV");
  pcap_set_snaplen(p, static_cast<int>(OptionUint(opts, "snaplen", 262144)));
  pcap_set_promisc(p, OptionBool(opts, "promisc", true) ? 1 : 0);
  pcap_set_timeout(p, static_cast<int>(OptionUint(opts, "timeoutMs", 100)));
  pcap_set_buffer_size(p, static_cast<int>(OptionUint(opts, "bufferSize", 2 * 1024 * 1024)));
  pcap_set_immediate_mode(p, OptionBool(opts, "immediate", false) ? 1 : 0);
  nanosecond_ = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0;

  int status = pcap_activate(p);
  if (status < 0) {
    std::string message = pcap_statustostr(status);
    const char* detail = pcap_geterr(p);
    if (detail != nullptr && detail[0] != '\0' && status != PCAP_ERROR_NO_SUCH_DEVICE) message += std::string(": ") + detail;
    else if (detail != nullptr && detail[0] != '\0') message = detail;
    pcap_close(p);
    throw PcapError(env, message, CodeForStatus(status));
  }
  if (status > 0) warning_ = std::string(pcap_statustostr(status)) + ": " + pcap_geterr(p);

  if (!filter.empty()) {
    struct bpf_program prog;
    if (pcap_compile(p, &prog, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == -1) {
      std::string message = pcap_geterr(p);
      pcap_close(p);
      throw PcapError(env, message, "EFILTER");
    }
    int rc = pcap_setfilter(p, &prog);
    pcap_freecode(&prog);
    if (rc == -1) {
      std::string message = pcap_geterr(p);
      pcap_close(p);
      throw PcapError(env, message, "EFILTER");
    }
  }
  handle_ = p;
}

Capture::~Capture() { ReleaseHandle(); }

void Capture::ReleaseHandle() {
  if (handle_ != nullptr) {
    pcap_close(handle_);
    handle_ = nullptr;
  }
}

void Capture::ReadFinished(bool last) {
  reading_ = false;
  // A read that ended before close() took effect leaves the handle for one last, draining read.
  if (closeRequested_ && last) ReleaseHandle();
}

Napi::Value Capture::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ == nullptr) throw PcapError(env, "the capture is closed", "ECLOSED");
  if (reading_) throw PcapError(env, "a read is already in progress", "EBUSY");
  int maxPackets = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 1024;
  if (maxPackets <= 0) maxPackets = 1024;
  // After close(), one last read returns the packets already queued (stopped: true) and releases the handle.
  auto* worker = new ReadWorker(env, this, info.This().As<Napi::Object>(), handle_, maxPackets, closeRequested_);
  reading_ = true;
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Value Capture::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ == nullptr) throw PcapError(env, "the capture is closed", "ECLOSED");
  struct pcap_stat st;
  std::memset(&st, 0, sizeof st);
  if (pcap_stats(handle_, &st) == -1) throw PcapError(env, pcap_geterr(handle_), "EPCAP");
  Napi::Object o = Napi::Object::New(env);
  o.Set("received", Napi::Number::New(env, st.ps_recv));
  o.Set("dropped", Napi::Number::New(env, st.ps_drop));
  o.Set("ifDropped", Napi::Number::New(env, st.ps_ifdrop));
  return o;
}

Napi::Value Capture::Close(const Napi::CallbackInfo& info) {
  if (handle_ == nullptr || closeRequested_) return info.Env().Undefined();
  closeRequested_ = true;
  // A read in progress returns (with the packets queued so far); otherwise the next read drains and releases.
  if (reading_) pcap_breakloop(handle_);
  return info.Env().Undefined();
}

Napi::Value Capture::LinkType(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ == nullptr) throw PcapError(env, "the capture is closed", "ECLOSED");
  return Napi::Number::New(env, pcap_datalink(handle_));
}

Napi::Value Capture::Nanosecond(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), nanosecond_); }

Napi::Value Capture::Warning(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), warning_); }
