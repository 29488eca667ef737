// Definitions of linked glossary terms appear on hover and on keyboard focus.
document.querySelectorAll('a.glossary-term[data-bs-toggle="tooltip"]').forEach(function (link) {
  new bootstrap.Tooltip(link, { trigger: "hover focus" });
});
