/*
 * Aspect Playground embeds for documentation sites.
 *
 * Include once:   <script src="https://…/embed.js" defer></script>
 * Then every      <pre><code class="language-nix" data-aspects>…</code></pre>
 * becomes a live playground frame when it scrolls into view. Attributes on
 * the <code> element choose what the frame shows:
 *
 *   data-view      graph (default) | modules | config | aspects | editor |
 *                  editor+graph | editor+modules | editor+config
 *   data-readonly  present: the code cannot be edited
 *   data-fit       "code": the frame is as tall as the code
 *   data-theme     auto (default) | light | dark
 *   data-height    the frame's first height in pixels (default 360)
 *
 * The playground lives next to this script (or at the URL given in the
 * script tag's data-playground attribute).
 *
 * Protocol: a frame posts { type: "aspect-playground:resize", id, height }
 * to this page. Messages are accepted only from our own frames and the
 * playground's origin, and only a finite height is used (clamped). Nothing
 * in a message is executed or inserted as HTML.
 *
 * Without CompressionStream (very old browsers) the code blocks stay as
 * they are.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var playground = new URL(
    (script && script.getAttribute("data-playground")) || "./",
    (script && script.src) || location.href
  );
  var frames = {};
  var counter = 0;
  var MIN = 80, MAX = 4000;

  function toBase64Url(bytes) {
    var bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // A share fragment in the playground's v1 format (crates/share/FORMAT.md):
  // "v1." + base64url(deflate-raw(JSON {"w": workspace text})).
  function fragment(text) {
    var json = JSON.stringify({ w: text });
    var stream = new Blob([json]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (buf) {
      return "v1." + toBase64Url(new Uint8Array(buf));
    });
  }

  function pick(value, allowed, fallback) {
    return allowed.indexOf(value) >= 0 ? value : fallback;
  }

  function upgrade(code) {
    var pre = code.parentElement;
    if (!pre || pre.getAttribute("data-aspects-embedded")) return;
    pre.setAttribute("data-aspects-embedded", "pending");
    var id = "aspects-embed-" + ++counter;
    var view = pick(code.getAttribute("data-view") || "graph",
      ["graph", "modules", "config", "aspects", "editor", "editor+graph", "editor+modules", "editor+config", "editor+aspects"], "graph");
    var theme = pick(code.getAttribute("data-theme") || "auto", ["auto", "light", "dark"], "auto");
    var height = parseInt(code.getAttribute("data-height") || "360", 10);
    if (!isFinite(height)) height = 360;
    var params = new URLSearchParams();
    params.set("embed", "1");
    params.set("view", view);
    params.set("theme", theme);
    params.set("embedId", id);
    if (code.hasAttribute("data-readonly")) params.set("readonly", "1");
    if (code.getAttribute("data-fit") === "code") params.set("fit", "code");
    fragment(code.textContent || "").then(function (frag) {
      var frame = document.createElement("iframe");
      frame.src = playground.href.split("#")[0].split("?")[0] + "?" + params.toString() + "#" + frag;
      frame.title = "Aspect Playground: " + view;
      frame.loading = "lazy";
      frame.className = "aspect-playground-embed";
      frame.setAttribute("data-embed-id", id);
      frame.style.cssText = "display:block;width:100%;border:1px solid #d9dce3;border-radius:6px;height:" +
        Math.min(MAX, Math.max(MIN, height)) + "px";
      frames[id] = frame;
      pre.replaceWith(frame);
    }, function () {
      pre.removeAttribute("data-aspects-embedded");
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== playground.origin || !data || typeof data !== "object") return;
    if (data.type !== "aspect-playground:resize" || typeof data.id !== "string") return;
    var frame = frames[data.id];
    if (!frame || event.source !== frame.contentWindow) return;
    var h = Number(data.height);
    if (!isFinite(h)) return;
    frame.style.height = Math.min(MAX, Math.max(MIN, Math.round(h))) + "px";
  });

  function start() {
    if (typeof CompressionStream === "undefined") return;
    var blocks = document.querySelectorAll("pre > code.language-nix[data-aspects]");
    if (!("IntersectionObserver" in window)) {
      blocks.forEach(upgrade);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          upgrade(entry.target);
        }
      });
    }, { rootMargin: "300px" });
    blocks.forEach(function (b) { observer.observe(b); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
