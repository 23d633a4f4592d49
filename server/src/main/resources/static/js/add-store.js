// The add-store form shows only the chosen marketplace's credential fields. Without this script every marketplace's
// fields are shown (each in its own labelled fieldset) and the server reads only the chosen one's.
(function () {
  var form = document.getElementById('add-store');
  if (!form) { return; }
  var select = form.querySelector('select[name=marketplace]');
  var fieldsets = form.querySelectorAll('fieldset[data-marketplace]');
  function update() {
    for (var i = 0; i < fieldsets.length; i++) {
      var chosen = fieldsets[i].getAttribute('data-marketplace') === select.value;
      fieldsets[i].hidden = !chosen;
      fieldsets[i].disabled = !chosen;
    }
  }
  select.addEventListener('change', update);
  update();
})();
