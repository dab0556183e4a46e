// Suggests a technical name (PascalCase) from an ASCII display name until the user edits the name.
(function () {
  var display = document.getElementById('Form_DisplayName');
  var name = document.getElementById('Form_Name');
  if (!display || !name) return;
  var touched = false;
  name.addEventListener('input', function () { touched = true; });
  display.addEventListener('input', function () {
    if (touched) return;
    var v = display.value.trim();
    if (/^[A-Za-z][A-Za-z0-9 _-]*$/.test(v)) {
      name.value = v.split(/[ _-]+/).filter(Boolean).map(function (w) { return w[0].toUpperCase() + w.slice(1); }).join('').slice(0, 64);
    }
  });
})();
