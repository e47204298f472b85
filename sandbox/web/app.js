// FinMatch sandbox chat page: several people talk to the bot side by side.
// Plain browser JavaScript, no build step. Talks to /sandbox/api/ (JSON).
"use strict";

const API = "/sandbox/api";
const panes = new Map(); // user id -> pane object
let lastSeq = 0;
let connected = true;
let botUsername = ""; // learnt from the sandbox: t.me links to this bot are deep links

// ------------------------------------------------------------------ http

// Every call to the sandbox. A failed fetch means the sandbox is away (a restart): the status line says
// so, and the error carries `offline`; an HTTP error carries its `status`.
async function api(path, options = {}) {
  const init = { ...options };
  if (options.json !== undefined) {
    init.method = init.method || "POST";
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(options.json);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (error) {
    setConnected(false);
    throw Object.assign(new Error("offline"), { offline: true });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.error || `${response.status} ${path}`), { status: response.status });
  return body;
}

function setConnected(value) {
  connected = value;
  document.getElementById("status").hidden = value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ Telegram HTML

const ALLOWED_TAGS = new Set([
  "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
  "span", "tg-spoiler", "blockquote", "tg-emoji",
]);
const SAFE_URL = /^(https?:|tg:|mailto:)/i;

// Rebuild Telegram HTML into DOM nodes, keeping only Telegram's tags and attributes.
function sanitize(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const fragment = document.createDocumentFragment();
  for (const node of template.content.childNodes) appendSafe(fragment, node);
  return fragment;
}

function appendSafe(parent, node) {
  if (node.nodeType === Node.TEXT_NODE) {
    parent.appendChild(document.createTextNode(node.textContent));
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const tag = node.tagName.toLowerCase();
  const target = ALLOWED_TAGS.has(tag) ? safeElement(tag, node) : null;
  const into = target || parent;
  for (const child of node.childNodes) appendSafe(into, child);
  if (target) parent.appendChild(target);
}

function safeElement(tag, source) {
  if (tag === "tg-spoiler" || (tag === "span" && source.getAttribute("class") === "tg-spoiler")) {
    const spoiler = document.createElement("span");
    spoiler.className = "spoiler";
    spoiler.addEventListener("click", () => spoiler.classList.toggle("shown"));
    return spoiler;
  }
  if (tag === "span" || tag === "tg-emoji") return document.createElement("span");
  const element = document.createElement(tag);
  if (tag === "a") {
    const href = source.getAttribute("href") || "";
    if (SAFE_URL.test(href)) element.href = href;
    element.target = "_blank";
    element.rel = "noopener noreferrer";
    const payload = startPayload(href);
    if (payload !== null) element.dataset.start = payload; // clicked: /start <payload> (see wireDeepLinks)
  }
  const cls = source.getAttribute("class") || "";
  if (tag === "code" && cls.startsWith("language-")) element.className = cls;
  if (tag === "blockquote" && source.hasAttribute("expandable")) element.dataset.expandable = "";
  return element;
}

// The start payload of a link to this bot (https://t.me/<bot>?start=<payload>), or null for any other link.
const DEEP_LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/([A-Za-z0-9_]{3,64})\?start=([A-Za-z0-9_-]{1,64})$/i;

function startPayload(href) {
  const match = DEEP_LINK.exec(href || "");
  if (!match || (botUsername && match[1].toLowerCase() !== botUsername.toLowerCase())) return null;
  return match[2];
}

// As in Telegram: opening a deep link to the bot sends "/start <payload>" from this person in this chat.
function wireDeepLinks(pane) {
  pane.log.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-start]");
    if (!link) return;
    event.preventDefault();
    sendText(pane, `/start ${link.dataset.start}`);
  });
}

function escapeText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

// ------------------------------------------------------------------ panes

const COLORS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];

function createPane(user) {
  if (panes.has(user.id)) return panes.get(user.id);
  const root = document.getElementById("pane-template").content.firstElementChild.cloneNode(true);
  root.dataset.userId = String(user.id);
  const pane = {
    user, root, state: null,
    log: root.querySelector(".log"),
    input: root.querySelector("input.text"),
    keyboard: root.querySelector(".reply-keyboard"),
    commands: root.querySelector(".commands"),
    toast: root.querySelector(".toast"),
  };
  fillHeader(pane);
  wireComposer(pane);
  wireDeepLinks(pane);
  document.getElementById("empty-hint").hidden = true;
  document.getElementById("panes").appendChild(root);
  panes.set(user.id, pane);
  refresh(pane);
  return pane;
}

function fillHeader(pane) {
  const { user, root } = pane;
  const avatar = root.querySelector(".avatar");
  avatar.textContent = Array.from(user.first_name)[0] || "?";
  avatar.style.background = COLORS[user.id % COLORS.length];
  root.querySelector(".name").textContent = [user.first_name, user.last_name].filter(Boolean).join(" ");
  const lang = user.language_code ? ` · ${user.language_code}` : "";
  root.querySelector(".meta").textContent = `id ${user.id}${lang}`;
  const block = root.querySelector('[data-testid="block"]');
  block.checked = Boolean(user.blocked);
  block.addEventListener("change", () => act(pane, `/users/${user.id}/block`, { blocked: block.checked }));
  root.querySelector(".close").addEventListener("click", () => {
    root.remove();
    panes.delete(user.id);
  });
}

function wireComposer(pane) {
  const { root, input } = pane;
  root.querySelector(".composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    if (!(await sendText(pane, text)) && !input.value) input.value = text; // not sent: keep what was typed
  });
  root.querySelector(".cmd-button").addEventListener("click", () => toggleCommands(pane));
  const file = root.querySelector("input.file");
  root.querySelector(".attach").addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    if (file.files.length) uploadDocument(pane, file.files[0]);
    file.value = "";
  });
}

// ------------------------------------------------------------------ actions

// Do something as the pane's person; true when the sandbox took it. A person the sandbox no longer knows
// (it restarted with a new database) is added again first.
async function act(pane, path, body, again = true) {
  try {
    await api(path, { json: body });
    return true;
  } catch (error) {
    if (error.status === 404 && again && (await restorePerson(pane))) return act(pane, path, body, false);
    complain(pane, error);
    return false;
  }
}

function complain(pane, error) {
  if (error.offline) return; // the status line says it; what was typed stays
  if (error.status === 409) showToast(pane, "此人已屏蔽机器人，请先取消 blocked · Unblock the bot first", false);
  else showToast(pane, `未完成 · Not done: ${error.message}`, false);
}

async function restorePerson(pane) {
  const { id, first_name, last_name, username, language_code } = pane.user;
  try {
    await api("/users", { json: { id, first_name, last_name, username, language_code } });
    return true;
  } catch (error) {
    return false;
  }
}

function sendText(pane, text) {
  pane.commands.hidden = true;
  return act(pane, `/chats/${pane.user.id}/send`, { text });
}

function shareContact(pane) {
  return act(pane, `/chats/${pane.user.id}/contact`, {});
}

function shareLocation(pane) {
  return act(pane, `/chats/${pane.user.id}/location`, { latitude: 31.2304, longitude: 121.4737 });
}

async function uploadDocument(pane, file) {
  const form = new FormData();
  const caption = pane.input.value;
  form.append("file", file, file.name);
  if (caption.trim()) form.append("caption", caption.trim());
  pane.input.value = "";
  try {
    await api(`/chats/${pane.user.id}/document`, { method: "POST", body: form });
  } catch (error) {
    if (!pane.input.value) pane.input.value = caption;
    complain(pane, error);
  }
}

function pressButton(pane, message, button) {
  const payload = button.url ? startPayload(button.url) : null;
  if (payload !== null) {
    sendText(pane, `/start ${payload}`);
    return;
  }
  if (button.url) {
    window.open(button.url, "_blank", "noopener");
    return;
  }
  if (button.callback_data === undefined) {
    showToast(pane, "沙盒不模拟这种按钮 · This button type is not simulated by the sandbox", false);
    return;
  }
  act(pane, `/chats/${pane.user.id}/press`, { message_id: message.message_id, text: button.text });
}

function toggleCommands(pane) {
  const list = pane.commands;
  list.hidden = !list.hidden;
  if (list.hidden) return;
  list.replaceChildren();
  const commands = (pane.state && pane.state.commands) || [];
  if (!commands.length) {
    const none = document.createElement("div");
    none.className = "none";
    none.textContent = "The bot has set no commands for this chat.";
    list.appendChild(none);
  }
  for (const command of commands) {
    const item = document.createElement("button");
    item.type = "button";
    item.dataset.command = command.command;
    item.innerHTML = `<span class="name">/${escapeText(command.command)}</span><span class="desc"></span>`;
    item.querySelector(".desc").textContent = command.description;
    item.addEventListener("click", () => sendText(pane, `/${command.command}`));
    list.appendChild(item);
  }
}

const toastTimers = new WeakMap();

function showToast(pane, text, alert) {
  const toast = pane.toast;
  toast.textContent = text;
  toast.classList.toggle("alert", Boolean(alert));
  toast.hidden = false;
  clearTimeout(toastTimers.get(toast));
  toastTimers.set(toast, setTimeout(() => { toast.hidden = true; }, alert ? 6000 : 3000));
}

// ------------------------------------------------------------------ rendering

async function refresh(pane, again = true) {
  try {
    pane.state = await api(`/chats/${pane.user.id}/state`);
  } catch (error) {
    if (error.status === 404 && again && (await restorePerson(pane))) await refresh(pane, false);
    return; // away: refreshed once the sandbox is back
  }
  renderMessages(pane);
  renderKeyboard(pane);
  pane.root.classList.toggle("blocked", pane.state.blocked);
  pane.root.querySelector('[data-testid="block"]').checked = pane.state.blocked;
  if (!pane.commands.hidden) {
    pane.commands.hidden = true;
    toggleCommands(pane);
  }
}

function renderMessages(pane) {
  const { log } = pane;
  const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  const existing = new Map();
  for (const element of log.children) existing.set(element.dataset.messageId, element);
  let previous = null;
  for (const message of pane.state.messages) {
    const key = String(message.message_id);
    const signature = JSON.stringify(message);
    let element = existing.get(key);
    existing.delete(key);
    if (!element || element.dataset.signature !== signature) {
      const fresh = renderMessage(pane, message);
      fresh.dataset.signature = signature;
      if (element) element.replaceWith(fresh);
      element = fresh;
    }
    const expected = previous ? previous.nextSibling : log.firstChild;
    if (expected !== element) log.insertBefore(element, expected);
    previous = element;
  }
  for (const element of existing.values()) element.remove();
  if (stick) log.scrollTop = log.scrollHeight;
}

function renderMessage(pane, message) {
  const fromBot = Boolean(message.from && message.from.is_bot);
  const element = document.createElement("div");
  element.className = `msg ${fromBot ? "bot" : "user"}`;
  element.dataset.messageId = String(message.message_id);
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  appendMedia(bubble, message);
  const text = document.createElement("div");
  text.className = "text";
  text.appendChild(sanitize(message.html || ""));
  bubble.appendChild(text);
  const time = document.createElement("div");
  time.className = "time";
  const clock = new Date(message.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  time.textContent = message.edit_date ? `edited ${clock}` : clock;
  bubble.appendChild(time);
  element.appendChild(bubble);
  const rows = message.reply_markup && message.reply_markup.inline_keyboard;
  if (rows && rows.length) element.appendChild(renderInlineKeyboard(pane, message, rows));
  return element;
}

function appendMedia(bubble, message) {
  if (message.photo && message.photo.length) {
    const image = document.createElement("img");
    image.className = "photo";
    image.alt = "photo";
    image.src = `/sandbox/files/${encodeURIComponent(message.photo[message.photo.length - 1].file_id)}`;
    bubble.appendChild(image);
  }
  if (message.document) {
    const link = document.createElement("a");
    link.className = "doc";
    link.href = `/sandbox/files/${encodeURIComponent(message.document.file_id)}`;
    link.download = message.document.file_name || "file";
    link.textContent = `📄 ${message.document.file_name || "file"} (${formatSize(message.document.file_size)})`;
    bubble.appendChild(link);
  }
  if (message.venue) {
    appendLine(bubble, "place", `📍 ${message.venue.title}, ${message.venue.address}`);
  } else if (message.location) {
    appendLine(bubble, "place", `📍 ${message.location.latitude},${message.location.longitude}`);
  }
  if (message.contact) {
    appendLine(bubble, "contact", `📞 ${message.contact.first_name} ${message.contact.phone_number}`);
  }
}

function appendLine(bubble, className, text) {
  const line = document.createElement("div");
  line.className = className;
  line.textContent = text;
  bubble.appendChild(line);
}

function formatSize(bytes) {
  if (!bytes && bytes !== 0) return "?";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function renderInlineKeyboard(pane, message, rows) {
  const keyboard = document.createElement("div");
  keyboard.className = "inline-keyboard";
  for (const row of rows) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = button.url ? "inline url" : "inline";
      element.textContent = button.text;
      element.addEventListener("click", () => pressButton(pane, message, button));
      line.appendChild(element);
    }
    keyboard.appendChild(line);
  }
  return keyboard;
}

function renderKeyboard(pane) {
  const markup = pane.state.reply_keyboard;
  const container = pane.keyboard;
  container.replaceChildren();
  container.hidden = !markup;
  pane.input.placeholder = (markup && markup.input_field_placeholder) || "Message";
  if (!markup) return;
  for (const row of markup.keyboard) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) line.appendChild(replyButton(pane, button));
    container.appendChild(line);
  }
}

function replyButton(pane, button) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "reply";
  element.textContent = button.text;
  if (button.request_contact) {
    element.classList.add("contact");
    element.addEventListener("click", () => shareContact(pane));
  } else if (button.request_location) {
    element.classList.add("location");
    element.addEventListener("click", () => shareLocation(pane));
  } else {
    element.addEventListener("click", () => sendText(pane, button.text));
  }
  return element;
}

// ------------------------------------------------------------------ live updates

// One long poll for every pane. While the sandbox is away (a restart) it retries quietly, a little less
// often each time; once it answers again the page catches up with everyone (resync).
async function pollEvents() {
  let pause = 500;
  for (;;) {
    try {
      const wait = connected ? 25 : 0; // away: ask without waiting, so the page knows at once it is back
      const batch = await api(`/events?after=${lastSeq}&timeout=${wait}`);
      pause = 500;
      if (!connected) {
        setConnected(true);
        await resync();
      }
      if (batch.last < lastSeq) { // the sandbox restarted without its world: start over
        lastSeq = 0;
        continue;
      }
      lastSeq = batch.last;
      await applyEvents(batch.events);
    } catch (error) {
      await sleep(pause);
      pause = Math.min(pause * 2, 3000);
    }
  }
}

async function resync() {
  if (!botUsername) await learnBot();
  const users = await api("/users").catch(() => []);
  const known = new Set(users.map((user) => user.id));
  for (const pane of panes.values()) {
    if (!known.has(pane.user.id)) await restorePerson(pane);
  }
  for (const user of users) createPane(user);
  await Promise.all(Array.from(panes.values(), (pane) => refresh(pane)));
}

async function applyEvents(events) {
  const touched = new Set();
  for (const event of events) {
    if (!panes.has(event.chat_id)) continue;
    touched.add(event.chat_id);
    if (event.type === "callback_answer" && event.text) {
      showToast(panes.get(event.chat_id), event.text, event.show_alert);
    }
  }
  await Promise.all(Array.from(touched, (id) => refresh(panes.get(id))));
}

// ------------------------------------------------------------------ people

async function addPerson(body) {
  const user = await api("/users", { json: body });
  createPane(user);
}

function wireAddForm() {
  const form = document.querySelector(".add-person");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    if (!name) return;
    const body = { first_name: name, language_code: form.elements.lang.value };
    if (form.elements.id.value.trim()) body.id = Number(form.elements.id.value.trim());
    try {
      await addPerson(body);
      form.elements.name.value = "";
      form.elements.id.value = "";
    } catch (error) {
      window.alert(`无法添加 · Cannot add: ${error.message || error}`);
    }
  });
  for (const preset of form.querySelectorAll(".preset")) {
    preset.addEventListener("click", async () => {
      const body = { first_name: preset.dataset.name, language_code: form.elements.lang.value };
      if (preset.dataset.role) body.role = preset.dataset.role; // organizer: an id the bot treats as organizer
      try {
        await addPerson(body);
      } catch (error) {
        window.alert(`无法添加 · Cannot add: ${error.message || error}`);
      }
    });
  }
}

async function learnBot() {
  const bot = await api("/bot").catch(() => null);
  if (bot && bot.username) botUsername = bot.username;
}

async function main() {
  wireAddForm();
  await learnBot();
  const first = await api(`/events?after=${Number.MAX_SAFE_INTEGER}&timeout=0`).catch(() => ({ last: 0 }));
  lastSeq = first.last || 0;
  const users = await api("/users").catch(() => []);
  for (const user of users) createPane(user);
  pollEvents();
}

main();
