/*
 * Aspect Playground's service worker: after one visit the playground works
 * offline. On install it caches the page and every asset the page names
 * (Trunk/cargo give assets content-hashed names, so a cached asset never
 * goes stale); afterwards pages are served network-first (new versions
 * arrive when online) and assets cache-first.
 */
"use strict";
const CACHE = "aspect-playground-v1";
const FIXED = [
  "./", "engine-worker.js", "engine-worker_bg.wasm", "engine-worker_loader.js",
  "aspect-editor.js", "favicon.svg", "manifest.webmanifest", "embed.js",
];

async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch("./", { cache: "no-cache" });
  const html = await page.clone().text();
  await cache.put("./", page);
  const named = new Set(FIXED.slice(1));
  for (const m of html.matchAll(/["'](?:\.?\/)?([\w.-]+\.(?:js|wasm|css|svg|webmanifest))["']/g)) {
    named.add(m[1]);
  }
  await Promise.all([...named].map(async (name) => {
    try {
      const r = await fetch(name, { cache: "no-cache" });
      if (r.ok) await cache.put(name, r);
    } catch (_) { /* offline while installing: cached on first use */ }
  }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (request.mode === "navigate") {
    // Pages: network first, the cached page when offline.
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(CACHE)).put("./", fresh.clone());
        return fresh;
      } catch (_) {
        return (await caches.match("./")) || Response.error();
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    const fresh = await fetch(request);
    if (fresh.ok) (await caches.open(CACHE)).put(request, fresh.clone());
    return fresh;
  })());
});
