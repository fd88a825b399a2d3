/* dondoc: the controls of the draft review form: an agency picker that searches the registry
   with or without diacritics, a list of agencies, a due rule, a field with the drafter's notes.
   No inline script is allowed (CSP script-src 'self'): draft-form.js builds the form with these. */
"use strict";
window.dondocControls = (function () {
  const data = JSON.parse(document.getElementById("draft-data").textContent);
  const byCode = new Map(data.agencies.map((a) => [a.code, a]));
  let counter = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  const uid = (prefix) => `${prefix}-${++counter}`;
  const fold = (text) =>
    String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  const changed = (node) => node.dispatchEvent(new Event("change", { bubbles: true }));

  function agencyOf(value) {
    if (!value) return null;
    return byCode.get(value) || byCode.get(data.resolved[value]) || null;
  }
  function agencyLabel(value) {
    const agency = agencyOf(value);
    return agency ? agency.name : value || "";
  }

  function search(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    const wanted = fold(query).trim();
    const found = data.agencies.filter((a) => words.every((w) => a.key.includes(w)));
    const rank = (a) => (fold(a.code) === wanted ? 0 : fold(a.name).startsWith(wanted) ? 1 : 2);
    return found.sort((a, b) => rank(a) - rank(b)).slice(0, 8);
  }

  /* The last option of a picker: the words typed, when no body is called exactly that, can be
     added to the registry in place. */
  function withAdd(found, typed) {
    const words = typed.trim();
    const exact = (a) => fold(a.name) === fold(words) || a.code === words.toUpperCase();
    if (words.length < 3 || data.agencies.some(exact)) return found;
    return [...found.slice(0, 7), { add: words }];
  }

  // a first guess at kind and parent from how Vietnamese names a body; the clerk corrects it
  const GUESSES = [
    [/^(xa|thi tran|phuong)\b/, "xa", "huyen"],
    [/^(thon|to dan pho|ban|buon|ap|khoi)\b/, "thon", null],
    [/^(phong|ban quan ly)\b/, "phong_ban", "chinh_quyen"],
    [/^(ban)\b/, "ban_dang", "dang"],
    [/^(uy ban nhan dan|ubnd|hoi dong nhan dan|tinh uy|thanh uy|so)\b.*\b(tinh|thanh pho)\b|^so\b/, "tinh", null],
    [/^(hoi|doan|lien doan)\b/, "doan_the", "huyen"],
  ];
  function guess(name) {
    const key = fold(name);
    for (const [pattern, kind, parentKind] of GUESSES) {
      if (!pattern.test(key)) continue;
      const parent = parentKind ? data.agencies.find((a) => a.kind === parentKind) : null;
      return { kind, parent: parent ? parent.code : "" };
    }
    return { kind: "don_vi", parent: "" };
  }

  let dialog = null;
  function agencyDialog() {
    if (dialog) return dialog;
    const name = el("input", { type: "text", id: "new-agency-name", maxlength: "255", required: true });
    const kind = el("select", { id: "new-agency-kind" }, data.agency_kinds.map((k) => el("option", { value: k.value, text: k.label })));
    const parent = el("select", { id: "new-agency-parent" },
      el("option", { value: "", text: "(không trực thuộc cơ quan nào trong danh mục)" }),
      data.agencies.map((a) => el("option", { value: a.code, text: a.name })));
    const problem = el("p", { class: "problem", role: "alert", hidden: true });
    const save = el("button", { type: "submit", text: "Thêm và chọn" });
    const cancel = el("button", { type: "button", class: "secondary", text: "Thôi" });
    const node = el("dialog", { id: "new-agency", "aria-labelledby": "new-agency-title" },
      el("form", { method: "dialog", class: "dialog-form" },
        el("h2", { id: "new-agency-title", text: "Thêm cơ quan vào danh mục" }),
        el("p", { class: "hint", text: "Cơ quan văn bản giao việc nhưng danh mục chưa có. Sau khi thêm, cơ quan này được chọn ngay và dùng được cho các văn bản sau." }),
        el("label", { for: "new-agency-name", text: "Tên cơ quan (như văn bản ghi)" }), name,
        el("label", { for: "new-agency-kind", text: "Loại" }), kind,
        el("label", { for: "new-agency-parent", text: "Trực thuộc" }), parent,
        problem, el("div", { class: "dialog-buttons" }, save, cancel)));
    document.body.append(node);
    dialog = { node, name, kind, parent, problem, save, cancel };
    return dialog;
  }

  /* Ask the server to add a body; resolves to the new agency, or null if the clerk gave up. */
  function addAgency(written) {
    const d = agencyDialog();
    const guessed = guess(written);
    d.name.value = written;
    d.kind.value = guessed.kind;
    d.parent.value = guessed.parent;
    d.problem.hidden = true;
    d.node.showModal();
    d.name.focus();
    return new Promise((resolve) => {
      const finish = (agency) => { d.save.onclick = null; d.cancel.onclick = null; d.node.close(); resolve(agency); };
      d.cancel.onclick = () => finish(null);
      d.node.oncancel = () => finish(null);
      d.save.onclick = async (event) => {
        event.preventDefault();
        d.save.disabled = true;
        try {
          const answer = await fetch("/agencies-quick", {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": document.getElementById("draft").dataset.csrf },
            body: JSON.stringify({ name: d.name.value, kind: d.kind.value, parent: d.parent.value, aliases: fold(d.name.value) === fold(written) ? [] : [written] }),
          });
          const body = await answer.json();
          if (!answer.ok) { d.problem.textContent = body.detail; d.problem.hidden = false; return; }
          const agency = { code: body.code, name: body.name, key: body.key, kind: d.kind.value };
          data.agencies.push(agency);
          byCode.set(agency.code, agency);
          d.parent.append(el("option", { value: agency.code, text: agency.name }));
          finish(agency);
        } catch (error) {
          d.problem.textContent = "Mất kết nối: chưa thêm được, thử lại";
          d.problem.hidden = false;
        } finally {
          d.save.disabled = false;
        }
      };
    });
  }

  /* One agency from the registry. The value is a code once picked; text typed and left is kept
     as written (the checker then says whether the registry knows it). */
  function agencyPicker({ value, id, multi, onPick }) {
    let current = multi ? "" : value || "";
    let matches = [];
    let active = -1;
    const input = el("input", {
      type: "text", id, class: "picker-input", autocomplete: "off", role: "combobox",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${id}-list`,
      placeholder: multi ? "Thêm cơ quan: gõ tên hoặc mã…" : "Gõ tên hoặc mã cơ quan…",
    });
    input.value = agencyLabel(current);
    const list = el("ul", { class: "options", role: "listbox", id: `${id}-list`, hidden: true });

    function render() {
      list.replaceChildren(
        ...matches.map((agency, i) =>
          el("li", {
            role: "option", id: `${id}-o${i}`, class: [i === active ? "active" : "", agency.add ? "add" : ""].join(" ").trim() || null,
            "aria-selected": i === active ? "true" : "false",
            onmousedown: (event) => { event.preventDefault(); choose(agency); },
          }, agency.add
            ? el("span", { text: `+ Thêm “${agency.add}” vào danh mục cơ quan…` })
            : el("span", { text: agency.name })),
        ),
      );
      list.hidden = matches.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
      if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-o${active}`);
      else input.removeAttribute("aria-activedescendant");
    }
    function close() { matches = []; active = -1; render(); }
    // while the dialog is open the input loses focus: that is not the clerk leaving the field
    let adding = false;
    function choose(option) {
      if (!option.add) { pick(option.code); return; }
      close();
      adding = true;
      addAgency(option.add).then((agency) => {
        adding = false;
        if (agency) pick(agency.code); else input.focus();
      });
    }
    function pick(code) {
      close();
      if (multi) { input.value = ""; onPick(code); } else { current = code; input.value = agencyLabel(code); }
      changed(input);
    }
    input.addEventListener("input", () => { matches = withAdd(search(input.value), input.value); active = matches.length ? 0 : -1; render(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && matches.length) { active = (active + 1) % matches.length; render(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && matches.length) { active = (active + matches.length - 1) % matches.length; render(); event.preventDefault(); }
      else if (event.key === "Enter") { event.preventDefault(); if (active >= 0) choose(matches[active]); }
      else if (event.key === "Escape") close();
    });
    input.addEventListener("blur", () => {
      if (adding) return;
      close();
      const typed = input.value.trim();
      if (typed === agencyLabel(current)) return;
      const exact = data.agencies.find((a) => fold(a.name) === fold(typed) || a.code === typed.toUpperCase());
      if (multi) { if (typed) pick(exact ? exact.code : typed); return; }
      current = exact ? exact.code : typed;
      input.value = agencyLabel(current);
    });
    return { node: el("div", { class: "picker" }, input, list), input, get value() { return current; } };
  }

  /* Several agencies (phối hợp): chips, each removable, and a picker to add one. */
  function agencyList({ values, id }) {
    let chosen = (Array.isArray(values) ? values : []).filter((v) => typeof v === "string");
    const chips = el("ul", { class: "chips" });
    const picker = agencyPicker({
      id, multi: true,
      onPick: (code) => { if (code && !chosen.includes(code)) chosen.push(code); render(); },
    });
    function render() {
      chips.replaceChildren(
        ...chosen.map((value) =>
          el("li", { class: agencyOf(value) ? "chip" : "chip unknown" },
            el("span", { text: agencyLabel(value) }),
            el("button", {
              type: "button", class: "remove", text: "×", "aria-label": `Bỏ ${agencyLabel(value)}`,
              onclick: () => { chosen = chosen.filter((v) => v !== value); render(); changed(chips); },
            })),
        ),
      );
    }
    render();
    return { node: el("div", { class: "agency-list" }, chips, picker.node), input: picker.input, get values() { return chosen.slice(); } };
  }

  const DUE_MODES = [
    ["date", "Ngày cụ thể"],
    ["none", "Không thời hạn"],
    ["end of month", "Cuối tháng ban hành"],
    ["end of quarter", "Cuối quý ban hành"],
    ["end of year", "Cuối năm ban hành"],
    ["working days", "Số ngày làm việc sau ngày ban hành"],
    ["days", "Số ngày sau ngày ban hành"],
    ["working days after prerequisite", "Số ngày làm việc sau khi việc trước xong"],
    ["days after prerequisite", "Số ngày sau khi việc trước xong"],
    ["other", "Cách ghi khác"],
  ];
  const COUNTED = ["working days", "days", "working days after prerequisite", "days after prerequisite"];

  function parseDue(due) {
    const text = due === null || due === undefined ? "none" : String(due).trim().toLowerCase().replace(/\s+/g, " ");
    let match;
    if (text === "") return { mode: "date", day: "" };
    if (["none", "không", "khong"].includes(text)) return { mode: "none" };
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { mode: "date", day: text };
    if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) {
      return { mode: "date", day: `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}` };
    }
    if (/^end of (month|quarter|year)$/.test(text)) return { mode: text };
    if ((match = /^(\d{1,3}) (working )?days?(?: after (issue|issued|prerequisite))?$/.exec(text))) {
      const base = match[2] ? "working days" : "days";
      return { mode: match[3] === "prerequisite" ? `${base} after prerequisite` : base, count: match[1] };
    }
    return { mode: "other", other: String(due) };
  }

  /* The due rule: a date picker, or one of the rules of config/README.md. */
  function dueControl({ due, id }) {
    const parsed = parseDue(due);
    const mode = el("select", { id, class: "due-mode" },
      DUE_MODES.map(([value, label]) => el("option", { value, text: label, selected: value === parsed.mode })));
    const day = el("input", { type: "date", class: "due-day", "aria-label": "Ngày hết hạn", min: "2000-01-01", max: "2100-12-31" });
    day.value = parsed.day || "";
    const count = el("input", { type: "number", class: "due-count", min: "1", max: "999", inputmode: "numeric", "aria-label": "Số ngày" });
    count.value = parsed.count || "";
    const other = el("input", { type: "text", class: "due-other", "aria-label": "Hạn ghi theo cách khác", placeholder: "ví dụ: 10 working days" });
    other.value = parsed.other || "";
    function show() {
      day.hidden = mode.value !== "date";
      count.hidden = !COUNTED.includes(mode.value);
      other.hidden = mode.value !== "other";
    }
    mode.addEventListener("change", show);
    show();
    return {
      node: el("div", { class: "due" }, mode, day, count, other),
      get value() {
        if (mode.value === "date") return day.value;
        if (mode.value === "other") return other.value.trim();
        // the modes are the rules' words: "10 working days", "5 days after prerequisite"
        if (COUNTED.includes(mode.value)) return `${count.value.trim()} ${mode.value}`;
        return mode.value;
      },
    };
  }

  /* A labelled field, with the drafter's notes about it beside it: flagged (highlighted) until
     the field is changed or each note is accepted; and the checker's problems, in red. */
  // beside its field a note drops the key it starts with ("lead: …", "lead_text: …")
  function noteText(note, key) { return key ? note.replace(/^[a-z_]+: /, "") : note; }

  function notesList(notes, key, onAccept) {
    const list = el("ul", { class: "notes" });
    const box = {
      notes: notes.slice(),
      node: list,
      render() {
        list.replaceChildren(
          ...box.notes.map((note) =>
            el("li", {},
              el("span", { text: noteText(note, key) }),
              el("button", {
                type: "button", class: "accept", text: "Đồng ý", "aria-label": `Đồng ý: ${noteText(note, key)}`,
                onclick: () => { box.notes = box.notes.filter((n) => n !== note); box.render(); onAccept(); },
              })),
          ),
        );
        list.hidden = box.notes.length === 0;
        if (box.onRender) box.onRender();
      },
    };
    box.render();
    return box;
  }

  function field({ key, label, control, forId, notes, hint, onChange }) {
    const problems = el("div", { class: "problems", role: "alert" });
    const wrap = el("div", { class: "field", "data-field": key });
    const box = notesList(notes || [], key, onChange);
    box.onRender = () => wrap.classList.toggle("flagged", box.notes.length > 0);
    wrap.append(el("label", { for: forId, text: label }), control, hint || "", box.node, problems);
    box.render();
    // a change to the field settles what the drafter said about it
    wrap.addEventListener("change", () => { if (box.notes.length) { box.notes = []; box.render(); } });
    return { key, wrap, problems, get notes() { return box.notes; } };
  }

  const written = (text) => (text ? el("p", { class: "written" }, "Văn bản ghi: ", el("q", { text })) : null);

  return { data, el, uid, fold, agencyPicker, agencyList, dueControl, notesList, field, written };
})();
