/* dondoc: the review form of a draft directive. The draft's spec comes in the page's JSON block;
   the form is built from it, every edit is saved to the server (debounced, one save at a time),
   and the checker's problems come back and are shown beside their field. Register saves, then
   registers; the directive's page opens when it is done. */
"use strict";
(function () {
  const form = document.getElementById("draft");
  if (!form) return;
  const C = window.dondocControls;
  const { el, data } = C;
  const spec = data.spec && typeof data.spec === "object" ? data.spec : {};
  const FORM_TASK_KEYS = ["id", "text", "lead", "support", "due", "depends_on", "fan_out", "policy", "review"];
  const tasksNode = document.getElementById("tasks");
  const summary = document.getElementById("summary");
  const saveState = document.getElementById("save-state");
  const registerButton = document.getElementById("register");
  const blocks = [];
  let problemCount = 0;

  // the form field a note about a key is shown beside: the words as written go with their pick
  const TOP_SHOWN = { number: "number", kind: "kind", title: "title", issuer: "issuer", issued_on: "issued_on" };
  const TASK_SHOWN = {
    id: "id", text: "text", lead: "lead", lead_text: "lead", support: "support", support_text: "support",
    due: "due", due_text: "due", depends_on: "depends_on", fan_out: "fan_out", policy: "policy",
  };

  function splitNotes(notes, shown) {
    const byField = {};
    const general = [];
    for (const note of Array.isArray(notes) ? notes : []) {
      if (typeof note !== "string") continue;
      const at = note.indexOf(": ");
      const field = at > 0 && note.slice(at + 2).trim() ? shown[note.slice(0, at)] : undefined;
      if (field) (byField[field] = byField[field] || []).push(note);
      else general.push(note);
    }
    return { byField, general };
  }

  function text(value) { return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value); }

  // ---- the header: number, kind, title, issuer, date of issue
  const top = (function () {
    const { byField, general } = splitNotes(spec.review, TOP_SHOWN);
    const fields = {};
    const add = (key, label, control, forId, hint) => {
      fields[key] = C.field({ key, label, control, forId, hint, notes: byField[key], onChange: schedule });
      return fields[key].wrap;
    };
    const number = el("input", { type: "text", id: "f-number", maxlength: "64", readonly: data.edit, placeholder: "ví dụ 130-KL/HU" });
    number.value = text(spec.number);
    const kind = el("select", { id: "f-kind" }, data.kinds.map((k) => el("option", { value: k.value, text: k.label, selected: k.value === spec.kind })));
    if (!data.kinds.some((k) => k.value === spec.kind)) kind.prepend(el("option", { value: text(spec.kind), text: text(spec.kind) || "(chọn loại)", selected: true }));
    const title = el("textarea", { id: "f-title", rows: "2", maxlength: "2000", text: text(spec.title) });
    const issuer = C.agencyPicker({ value: text(spec.issuer), id: "f-issuer" });
    const issued = el("input", { type: "date", id: "f-issued_on", min: "2000-01-01", max: "2100-12-31" });
    issued.value = text(spec.issued_on);
    // said as a Vietnamese office writes it, whatever the browser's own date format
    const issuedSaid = el("p", { class: "hint" });
    const sayIssued = () => {
      const [year, month, day] = issued.value.split("-");
      issuedSaid.textContent = day ? `Ngày ${day}/${month}/${year}` : "";
    };
    issued.addEventListener("input", sayIssued);
    sayIssued();
    const generalNotes = C.notesList(general, "", schedule);
    const problems = el("div", { class: "problems", role: "alert" });
    const node = el("fieldset", { class: "header" },
      el("legend", { text: "Thông tin văn bản" }), generalNotes.node, problems,
      el("div", { class: "cols" },
        add("number", "Số hiệu", number, "f-number", data.edit ? el("p", { class: "hint", text: "Số hiệu của văn bản đã đăng ký không đổi được." }) : null),
        add("kind", "Loại văn bản", kind, "f-kind"),
        add("issuer", "Cơ quan ban hành", issuer.node, "f-issuer"),
        add("issued_on", "Ngày ban hành", issued, "f-issued_on", issuedSaid)),
      add("title", "Trích yếu", title, "f-title"));
    document.getElementById("header").append(node);
    const extra = Object.fromEntries(Object.entries(spec).filter(([k]) => !["number", "kind", "title", "issuer", "issued_on", "review", "tasks"].includes(k)));
    return {
      fields, problems,
      notes: () => [...generalNotes.notes, ...Object.values(fields).flatMap((f) => f.notes)],
      collect: () => ({ ...extra, number: number.value.trim(), kind: kind.value, title: title.value.trim(), issuer: issuer.value, issued_on: issued.value }),
    };
  })();

  // ---- one block per task
  function taskBlock(task) {
    const id = C.uid("t");
    const { byField, general } = splitNotes(task.review, TASK_SHOWN);
    const extra = Object.fromEntries(Object.entries(task).filter(([k]) => !FORM_TASK_KEYS.includes(k)));
    const fields = {};
    const add = (key, label, control, forId, hint) => {
      fields[key] = C.field({ key, label, control, forId, hint, notes: byField[key], onChange: schedule });
      return fields[key].wrap;
    };
    const heading = el("h3", {});
    const move = (step) => () => { moveBlock(block, step); };
    const tools = el("div", { class: "tools" },
      el("button", { type: "button", class: "secondary", text: "▲", "aria-label": "Chuyển lên", onclick: move(-1) }),
      el("button", { type: "button", class: "secondary", text: "▼", "aria-label": "Chuyển xuống", onclick: move(1) }),
      el("button", { type: "button", class: "danger", text: "Xóa", onclick: () => removeBlock(block) }));
    const body = el("textarea", { id: `${id}-text`, rows: "4", maxlength: "8000", text: text(task.text) });
    const lead = C.agencyPicker({ value: text(task.lead), id: `${id}-lead` });
    const support = C.agencyList({ values: task.support, id: `${id}-support` });
    const due = C.dueControl({ due: task.due, id: `${id}-due` });
    const dueDay = el("p", { class: "hint due-day-shown" });
    const fanOut = task.fan_out && typeof task.fan_out === "object" ? task.fan_out : null;
    const fanOn = el("input", { type: "checkbox", id: `${id}-fan`, checked: Boolean(fanOut) });
    const fanDetail = el("div", { class: "fan-detail" });
    let fanParent = null;
    let fanKind = null;
    // built when first needed: most tasks go to one body, and a long draft has a hundred of them
    const buildFan = () => {
      if (fanKind) return;
      fanParent = C.agencyPicker({ value: fanOut ? text(fanOut.parent) : "HUYEN", id: `${id}-fan-parent` });
      fanKind = el("select", { id: `${id}-fan-kind`, "aria-label": "Loại đơn vị cấp dưới" },
        data.agency_kinds.map((k) => el("option", { value: k.value, text: k.label, selected: fanOut ? k.value === fanOut.kind : k.value === "xa" })));
      fanDetail.append(el("span", { text: "Mỗi đơn vị loại" }), fanKind, el("span", { text: "thuộc" }), fanParent.node);
    };
    const showFan = () => { if (fanOn.checked) buildFan(); fanDetail.hidden = !fanOn.checked; };
    fanOn.addEventListener("change", showFan);
    showFan();
    const deps = el("div", { class: "deps" });
    const taskId = el("input", { type: "text", id: `${id}-id`, maxlength: "128", pattern: "[a-z0-9][a-z0-9._-]*" });
    taskId.value = text(task.id);
    const policy = el("select", { id: `${id}-policy` }, data.policies.map((p) => el("option", { value: p.value, text: p.label, selected: p.value === (task.policy || "default") })));
    const generalNotes = C.notesList(general, "", schedule);
    const problems = el("div", { class: "problems", role: "alert" });
    const node = el("section", { class: "task", "data-uid": id },
      el("div", { class: "task-head" }, heading, tools), generalNotes.node, problems,
      add("text", "Nội dung", body, `${id}-text`),
      el("div", { class: "cols" },
        add("lead", "Chủ trì", lead.node, `${id}-lead`, C.written(task.lead_text)),
        add("support", "Phối hợp", support.node, `${id}-support`, C.written(Array.isArray(task.support_text) ? task.support_text.join("; ") : "")),
        add("due", "Thời hạn", el("div", {}, due.node, dueDay), `${id}-due`, C.written(task.due_text)),
        add("fan_out", "Giao tới từng đơn vị", el("div", {}, el("label", { class: "check" }, fanOn, " Mỗi đơn vị cấp dưới nhận một việc"), fanDetail), `${id}-fan`)),
      add("depends_on", "Làm sau nhiệm vụ", deps, `${id}-deps`),
      el("details", { class: "more" }, el("summary", { text: "Mã nhiệm vụ, chính sách đôn đốc" }),
        el("div", { class: "cols" }, add("id", "Mã nhiệm vụ", taskId, `${id}-id`), add("policy", "Chính sách đôn đốc", policy, `${id}-policy`))));
    const block = {
      id, node, fields, problems, heading, deps, dueDay, depends: new Set(), unknownDeps: [],
      pendingDeps: Array.isArray(task.depends_on) ? task.depends_on.filter((d) => typeof d === "string") : [],
      get taskId() { return taskId.value.trim(); },
      get summary() { return body.value.trim().slice(0, 70) || "(chưa có nội dung)"; },
      notes: () => [...generalNotes.notes, ...Object.values(fields).flatMap((f) => f.notes)],
      collect() {
        const known = blocks.filter((b) => block.depends.has(b.id)).map((b) => b.taskId);
        const entry = {
          ...extra, id: block.taskId, text: body.value.trim(), lead: lead.value, support: support.values,
          due: due.value, depends_on: [...known, ...block.unknownDeps], policy: policy.value,
        };
        if (fanOn.checked) entry.fan_out = { parent: fanParent.value, kind: fanKind.value };
        entry.review = block.notes();
        return entry;
      },
    };
    // labels of the dependency lists follow the tasks' texts
    body.addEventListener("change", renderDependencies);
    taskId.addEventListener("change", renderDependencies);
    return block;
  }

  /* "Làm sau nhiệm vụ": the chosen tasks as chips, and one search field that lists the tasks
     matching what is typed (a number or words of the text). Each block holds only its own
     choices, so a draft of a hundred tasks is not a hundred lists of a hundred. */
  function dependencyPicker(block) {
    const chips = el("ul", { class: "chips" });
    const input = el("input", {
      type: "text", class: "picker-input", autocomplete: "off", role: "combobox", "aria-expanded": "false",
      "aria-autocomplete": "list", "aria-controls": `${block.id}-deps-list`, id: `${block.id}-deps`,
      placeholder: "Thêm: gõ số hoặc nội dung nhiệm vụ làm trước…",
    });
    const list = el("ul", { class: "options", role: "listbox", id: `${block.id}-deps-list`, hidden: true });
    let matches = [];
    let active = -1;
    const label = (other) => `${blocks.indexOf(other) + 1}. ${other.summary}`;
    function find(query) {
      const wanted = query.trim();
      const words = C.fold(wanted).split(/\s+/).filter(Boolean);
      if (!words.length) return [];
      const number = /^\d+$/.test(wanted) ? Number(wanted) : null;
      return blocks.filter((other, index) => other !== block && !block.depends.has(other.id)
        && (number !== null ? String(index + 1).startsWith(wanted) : words.every((w) => C.fold(other.summary).includes(w))))
        .slice(0, 8);
    }
    function showList() {
      list.replaceChildren(...matches.map((other, i) => el("li", {
        role: "option", class: i === active ? "active" : null, "aria-selected": i === active ? "true" : "false",
        onmousedown: (event) => { event.preventDefault(); add(other); },
      }, el("span", { text: label(other) }))));
      list.hidden = matches.length === 0;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }
    function close() { matches = []; active = -1; showList(); }
    function add(other) {
      block.depends.add(other.id);
      input.value = "";
      close();
      render();
      schedule();
    }
    function render() {
      const chosen = blocks.filter((b) => block.depends.has(b.id)).map((other) =>
        el("li", { class: "chip" }, el("span", { text: label(other) }),
          el("button", { type: "button", class: "remove", text: "×", "aria-label": `Bỏ: ${label(other)}`,
            onclick: () => { block.depends.delete(other.id); render(); schedule(); } })));
      const unknown = block.unknownDeps.map((dep) =>
        el("li", { class: "chip unknown" }, el("span", { text: `mã '${dep}' (không có nhiệm vụ này)` }),
          el("button", { type: "button", class: "remove", text: "×", "aria-label": `Bỏ mã ${dep}`,
            onclick: () => { block.unknownDeps = block.unknownDeps.filter((d) => d !== dep); render(); schedule(); } })));
      chips.replaceChildren(...chosen, ...unknown);
    }
    input.addEventListener("input", () => { matches = find(input.value); active = matches.length ? 0 : -1; showList(); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && matches.length) { active = (active + 1) % matches.length; showList(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && matches.length) { active = (active + matches.length - 1) % matches.length; showList(); event.preventDefault(); }
      else if (event.key === "Enter") { event.preventDefault(); if (active >= 0) add(matches[active]); }
      else if (event.key === "Escape") close();
    });
    input.addEventListener("blur", close);
    block.deps.replaceChildren(chips, el("div", { class: "picker" }, input, list));
    return { render };
  }

  function renderDependencies() {
    blocks.forEach((block, index) => {
      block.heading.textContent = `Nhiệm vụ ${index + 1}`;
      if (!block.depPicker) block.depPicker = dependencyPicker(block);
      block.depPicker.render();
    });
    document.getElementById("task-count").textContent = String(blocks.length);
  }

  function moveBlock(block, step) {
    const from = blocks.indexOf(block);
    const to = from + step;
    if (to < 0 || to >= blocks.length) return;
    blocks.splice(from, 1);
    blocks.splice(to, 0, block);
    if (step < 0) tasksNode.insertBefore(block.node, blocks[to + 1].node);
    else tasksNode.insertBefore(block.node, blocks[to - 1].node.nextSibling);
    renderDependencies();
    schedule();
    block.node.querySelector(`button[aria-label='${step < 0 ? "Chuyển lên" : "Chuyển xuống"}']`).focus();
  }

  function removeBlock(block) {
    if (!window.confirm(`Xóa nhiệm vụ ${blocks.indexOf(block) + 1}: “${block.summary}”?`)) return;
    blocks.splice(blocks.indexOf(block), 1);
    for (const other of blocks) other.depends.delete(block.id);
    block.node.remove();
    renderDependencies();
    schedule();
  }

  function freshId() {
    const taken = new Set(blocks.map((b) => b.taskId));
    let n = blocks.length + 1;
    while (taken.has(`nhiem-vu-${n}`)) n += 1;
    return `nhiem-vu-${n}`;
  }

  function addBlock(task) {
    const block = taskBlock(task);
    blocks.push(block);
    tasksNode.append(block.node);
    return block;
  }

  for (const task of Array.isArray(spec.tasks) ? spec.tasks : []) addBlock(task && typeof task === "object" ? task : {});
  // dependencies name tasks by id: link them once every block exists
  for (const block of blocks) {
    for (const dep of block.pendingDeps) {
      const target = blocks.find((b) => b !== block && b.taskId === dep);
      if (target) block.depends.add(target.id);
      else block.unknownDeps.push(dep);
    }
  }
  renderDependencies();

  document.getElementById("add-task").addEventListener("click", () => {
    const block = addBlock({ id: freshId(), text: "", due: "none", policy: "default" });
    renderDependencies();
    block.node.querySelector("textarea").focus();
    schedule();
  });

  // ---- problems beside their field, and what is left to review
  function fieldFor(path) {
    const task = /^tasks\[(\d+)\](?:\.([a-z_]+))?/.exec(path);
    if (task) {
      const block = blocks[Number(task[1])];
      if (!block) return top.problems;
      return (task[2] && block.fields[task[2]]) || block;
    }
    return top.fields[path.split(/[.[]/)[0]] || top;
  }

  function showProblems(problems) {
    for (const node of form.querySelectorAll(".problems")) node.replaceChildren();
    for (const node of form.querySelectorAll(".invalid")) node.classList.remove("invalid");
    for (const problem of problems) {
      const target = fieldFor(problem.path);
      const box = target.problems || target;
      box.append(el("p", { class: "problem", text: problem.message }));
      if (target.wrap) target.wrap.classList.add("invalid");
    }
    problemCount = problems.length;
    showSummary();
  }

  function showDueDays(days) {
    blocks.forEach((block, index) => {
      const day = days[`tasks[${index}]`];
      block.dueDay.textContent = day ? `Hạn: hết ngày ${day}` : "";
    });
  }

  function showSummary(message) {
    const notes = top.notes().length + blocks.reduce((n, b) => n + b.notes().length, 0);
    const parts = [`${blocks.length} nhiệm vụ`, notes ? `${notes} chỗ cần xem lại` : "đã xem hết các ghi chú", problemCount ? `${problemCount} lỗi cần sửa` : "không có lỗi"];
    summary.replaceChildren(el("span", { text: parts.join(" · ") }));
    summary.classList.toggle("bad", problemCount > 0);
    if (message) summary.append(el("p", { class: "problem", text: message }));
  }

  // ---- saving as it is edited
  let timer = null;
  let dirty = false;
  let queue = Promise.resolve(true);

  function collect() {
    return { ...top.collect(), review: top.notes(), tasks: blocks.map((b) => b.collect()) };
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify(body || {}),
    });
  }

  function setState(textValue, bad) {
    saveState.textContent = textValue;
    saveState.classList.toggle("bad", Boolean(bad));
  }

  function schedule() {
    dirty = true;
    setState("Chưa lưu…");
    showSummary();
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  }

  async function saveNow() {
    if (!dirty) return true;
    dirty = false;
    setState("Đang lưu…");
    try {
      const answer = await post(form.dataset.save, { spec: collect() });
      const body = await answer.json();
      if (!answer.ok) { dirty = true; setState(`Chưa lưu được: ${body.detail}`, true); return false; }
      if (!dirty) {
        showProblems(body.problems);
        showDueDays(body.due_days);
        setState(`Đã lưu lúc ${body.saved_at}`);
      }
      return true;
    } catch (error) {
      dirty = true;
      setState("Mất kết nối: chưa lưu được, sẽ thử lại khi sửa tiếp", true);
      return false;
    }
  }

  function save() {
    clearTimeout(timer);
    queue = queue.then(saveNow);
    return queue;
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });

  registerButton.addEventListener("click", async () => {
    registerButton.disabled = true;
    dirty = true;
    const saved = await save();
    if (!saved) { registerButton.disabled = false; return; }
    setState("Đang kiểm tra và đăng ký (flow intake)…");
    try {
      const answer = await post(form.dataset.register);
      const body = await answer.json();
      if (answer.ok) { window.location.assign(body.redirect); return; }
      if (body.problems) showProblems(body.problems);
      showSummary(`Chưa đăng ký: ${body.detail}`);
      setState("Chưa đăng ký", true);
      const first = form.querySelector(".problem");
      if (first) first.scrollIntoView({ block: "center" });
    } catch (error) {
      setState("Mất kết nối: chưa đăng ký, thử lại", true);
    }
    registerButton.disabled = false;
  });

  const discard = document.getElementById("discard");
  if (discard) discard.addEventListener("submit", (event) => { if (!window.confirm("Bỏ bản nháp này? Không đăng ký gì.")) event.preventDefault(); });

  showProblems(data.problems || []);
  showDueDays(data.due_days || {});
  setState("Đã lưu");
  // how long a long draft takes to become usable, for the browser tests and anyone profiling
  performance.mark("draft-form-built");
})();
