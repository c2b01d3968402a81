/* The field app's service worker (Workbox): the app's files are cached at install, the
   page itself comes from the network when there is one and from the cache when not.
   `self.FIELD` (files, Workbox folder, page address) is written above by the server. */
/* global workbox */
importScripts(self.FIELD.workbox + "workbox-sw.js");
workbox.setConfig({ modulePathPrefix: self.FIELD.workbox, debug: false });

workbox.core.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.precacheAndRoute(self.FIELD.precache);

const PAGES = "giamngheo-thuc-dia-trang";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(PAGES).then((cache) => cache.add(new Request(self.FIELD.shell, { credentials: "same-origin" }))));
});

workbox.routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.pathname === self.FIELD.shell,
  // The page varies by cookie for the server, not for the device that cached it.
  new workbox.strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 5, matchOptions: { ignoreVary: true } })
);
