// Serve mode's first script: a plain script in the page's head, so it runs while the app's bundle is still being
// fetched and compiled. It opens the backend's WebSocket at once and keeps what arrives until the app takes the
// socket over (webSocketTransport in renderer/backend.ts), so the capture's first rows are already in the page
// when the app mounts. Plain JavaScript, inlined into index.html by the build (vite.config.ts; the CSP allows it by
// its hash, electron/serve/inline-scripts.ts); does nothing in Electron, where the preload bridge carries the
// protocol. The URL is built as renderer/lib/socket-url.ts builds it.
(function () {
  'use strict';
  if (window.wirelens || window.wirelensEarlySocket) return;
  var token = new URLSearchParams(location.search).get('token');
  var scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  var ws = new WebSocket(scheme + '://' + location.host + '/ws' + (token ? '?token=' + encodeURIComponent(token) : ''));
  var received = [];
  var keep = function (e) {
    received.push(String(e.data));
  };
  ws.addEventListener('message', keep);
  window.wirelensEarlySocket = {
    ws: ws,
    received: received,
    stopKeeping: function () {
      ws.removeEventListener('message', keep);
    },
  };
})();
