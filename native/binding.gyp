{
  "targets": [
    {
      "target_name": "wirelens_pcap",
      "sources": ["src/addon.cc", "src/interfaces.cc", "src/capture.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "conditions": [
        ["OS=='linux'", { "libraries": ["-lpcap"] }],
        ["OS=='mac'", {
          "libraries": ["-lpcap"],
          "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "MACOSX_DEPLOYMENT_TARGET": "11.0" }
        }],
        ["OS=='win'", {
          "include_dirs": ["<!(node -p \"process.env.NPCAP_SDK || 'C:/npcap-sdk'\")/Include"],
          "libraries": ["<!(node -p \"process.env.NPCAP_SDK || 'C:/npcap-sdk'\")/Lib/x64/wpcap.lib", "ws2_32.lib"],
          "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
        }]
      ]
    }
  ]
}
