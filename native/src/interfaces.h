// Lists the capture interfaces libpcap (or Npcap) can open.
#pragma once
#include <napi.h>

Napi::Value ListInterfaces(const Napi::CallbackInfo& info);
