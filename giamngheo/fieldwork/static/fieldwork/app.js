/* The field app's router: screens by the address's #fragment, all from the device copy. */
(function () {
  "use strict";
  const FW = (window.FW = window.FW || {});

  function showNetwork() {
    const net = document.getElementById("field-net");
    net.textContent = navigator.onLine ? "Có mạng" : "Không có mạng — mọi thay đổi được lưu trên máy";
    net.className = "field-net " + (navigator.onLine ? "online" : "offline");
  }

  FW.route = async function () {
    const parts = location.hash.replace(/^#\/?/, "").split("/");
    let screen;
    if (!(await FW.meta("questionnaire")) && parts[0]) parts[0] = "";
    if (parts[0] === "thon") screen = await FW.villageScreen(parts[1]);
    else if (parts[0] === "ho") screen = await FW.householdScreen(parts[1]);
    else if (parts[0] === "phieu") screen = await FW.surveyScreen(parts[1], parts[2]);
    else if (parts[0] === "xung-dot") screen = await FW.conflictScreen(parts[1]);
    else screen = await FW.homeScreen();
    const place = document.getElementById("field-screen");
    place.replaceChildren(screen);
    place.dataset.screen = parts[0] || "home";
    window.scrollTo(0, 0);
  };

  FW.downloadAndShow = async function () {
    const button = document.getElementById("fw-download");
    if (button) {
      button.disabled = true;
      button.textContent = "Đang tải…";
    }
    try {
      const data = await FW.download();
      await FW.meta("download_error", "");
      await FW.route();
      const note = document.getElementById("field-net");
      note.textContent = "Đã tải " + data.households.length + " hộ về máy.";
    } catch (error) {
      if (button) {
        button.disabled = false;
        button.textContent = "Tải dữ liệu về máy";
      }
      document.getElementById("field-net").textContent = "Không tải được: " + error.message;
    }
  };

  async function start() {
    const root = FW.root();
    await FW.claimDevice(root.dataset.user);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.shell }).catch(() => null);
    }
    showNetwork();
    window.addEventListener("online", showNetwork);
    window.addEventListener("offline", showNetwork);
    window.addEventListener("hashchange", FW.route);
    document.addEventListener("fw:synced", () => {
      if (["home", "ho"].includes(document.getElementById("field-screen").dataset.screen)) FW.route();
    });
    if (!(await FW.meta("questionnaire")) && navigator.onLine) await FW.downloadAndShow();
    else await FW.route();
    FW.syncNow();
    root.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", start);
})();
