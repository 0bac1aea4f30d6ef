// CoursePortal's only script. Every page works without it; it only enhances: lesson-type fields, confirmations,
// a warning before leaving unsaved changes, auto-saving draft details, and marking a lesson complete without a reload.
// It is loaded as a file (the CSP allows no inline script) and looks for data- attributes.
(function () {
    "use strict";

    // Lesson editor: show only the fields of the chosen lesson type.
    document.querySelectorAll("[data-lesson-type-select]").forEach(function (select) {
        var form = select.form;
        function show() {
            form.querySelectorAll("fieldset[data-lesson-type]").forEach(function (fieldset) {
                fieldset.hidden = fieldset.getAttribute("data-lesson-type") !== select.value;
            });
        }
        select.addEventListener("change", show);
        show();
    });

    // Destructive buttons ask first.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            if (!window.confirm(form.getAttribute("data-confirm"))) {
                event.preventDefault();
            }
        });
    });

    // Warn before leaving a form with changes nobody saved.
    var dirty = new Set();
    document.querySelectorAll("form[data-warn-unsaved], form[data-autosave]").forEach(function (form) {
        form.addEventListener("input", function () { dirty.add(form); });
        form.addEventListener("submit", function () { dirty.delete(form); });
    });
    window.addEventListener("beforeunload", function (event) {
        if (dirty.size > 0) {
            event.preventDefault();
            event.returnValue = "";
        }
    });

    // Draft details save themselves a moment after the author stops typing. The page answers JSON with the draft's
    // new revision, which every form on the page then carries, so the next change is not mistaken for a stale one.
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
        var status = form.querySelector(".autosave-status");
        var timer = null;
        function say(text) { if (status) { status.textContent = text; } }
        function clearErrors() {
            form.querySelectorAll("[data-valmsg-for]").forEach(function (span) { span.textContent = ""; });
        }
        async function save() {
            timer = null;
            say("Saving…");
            try {
                var response = await fetch(form.action, {
                    method: "POST",
                    body: new FormData(form),
                    headers: { "Accept": "application/json" },
                    credentials: "same-origin"
                });
                var body = await response.json();
                clearErrors();
                if (response.ok) {
                    document.querySelectorAll("input[name=revision]").forEach(function (input) { input.value = body.revision; });
                    dirty.delete(form);
                    say("Saved " + new Date(body.savedAt).toLocaleTimeString());
                } else {
                    Object.keys(body.errors || {}).forEach(function (field) {
                        var span = form.querySelector("[data-valmsg-for='" + field + "']");
                        if (span) { span.textContent = body.errors[field].join(" "); }
                    });
                    say(body.message || "Not saved: see the messages.");
                }
            } catch (e) {
                say("Not saved: the portal did not answer. Use Save.");
            }
        }
        form.addEventListener("input", function () {
            if (timer) { clearTimeout(timer); }
            say("Unsaved changes");
            timer = setTimeout(save, 1500);
        });
    });

    // Course player: mark a lesson complete through the API and update the page in place.
    document.querySelectorAll("form[data-complete-lesson]").forEach(function (form) {
        form.addEventListener("submit", async function (event) {
            event.preventDefault();
            var button = form.querySelector("button");
            button.disabled = true;
            try {
                var response = await fetch("/v1/courses/" + encodeURIComponent(form.getAttribute("data-course-id")) + "/progress/complete", {
                    method: "POST",
                    headers: { "Content-Type": "application/json", "Accept": "application/json" },
                    credentials: "same-origin",
                    body: JSON.stringify({ lessonId: form.getAttribute("data-lesson-id") })
                });
                if (response.status === 409) {
                    // Refused (e.g. an assessment, which only a passing attempt completes): say why, keep the page.
                    var problem = await response.json();
                    var refused = document.getElementById("complete-status");
                    if (refused) { refused.className = "small text-danger mt-1"; refused.textContent = problem.detail || "Not completed."; }
                    button.disabled = false;
                    return;
                }
                if (!response.ok) { throw new Error(String(response.status)); }
                var progress = await response.json();
                button.textContent = "Completed";
                var bar = document.querySelector("[data-course-progress]");
                if (bar) {
                    bar.setAttribute("aria-valuenow", progress.percent);
                    var inner = bar.querySelector(".progress-bar");
                    inner.className = "progress-bar progress-" + (Math.floor(progress.percent / 10) * 10);
                    inner.textContent = progress.percent + " %";
                }
                var lessonId = form.getAttribute("data-lesson-id");
                var mark = document.querySelector("[data-done-for='" + lessonId + "']");
                if (mark) { mark.textContent = "✓"; }
                // The completion time beside the mark, as the page shows it after a reload (UTC, to the minute).
                var at = progress.completedLessonTimes ? progress.completedLessonTimes[lessonId] : null;
                if (mark && at && !document.querySelector("[data-done-at-for='" + lessonId + "']")) {
                    var time = document.createElement("time");
                    time.className = "small text-muted done-at";
                    time.setAttribute("data-done-at-for", lessonId);
                    time.setAttribute("datetime", at);
                    time.textContent = new Date(at).toISOString().substring(0, 16).replace("T", " ");
                    mark.after(" ", time);
                }
                var status = document.getElementById("complete-status");
                if (status) { status.textContent = progress.completedAt ? "Lesson completed. The course is complete." : "Lesson completed."; }
            } catch (e) {
                // Fall back to the plain form post.
                form.submit();
            }
        });
    });
})();
