// Reloads the export page every 2 s while the export is being prepared (the page reads the job's progress).
(function () {
  var box = document.getElementById('export');
  if (box && box.dataset.working === 'true') {
    setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
