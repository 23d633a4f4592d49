// Live progress of a label batch, from the server-sent events of /api/v1/label-batches/{id}/live.
(function () {
  var box = document.getElementById('batch-progress');
  if (!box || !window.EventSource) { return; }
  var source = new EventSource(box.getAttribute('data-stream'));
  var renderedFinished = box.getAttribute('data-finished') === 'true';
  function show(batch) {
    var bar = document.getElementById('batch-bar');
    bar.max = batch.total;
    bar.value = batch.purchased + batch.failed;
    document.getElementById('batch-purchased').textContent = batch.purchased;
    document.getElementById('batch-failed').textContent = batch.failed;
    document.getElementById('batch-waiting').textContent = batch.queued + batch.working;
  }
  source.addEventListener('progress', function (event) {
    show(JSON.parse(event.data));
    document.getElementById('batch-status').textContent = 'Buying labels…';
  });
  source.addEventListener('finished', function (event) {
    var batch = JSON.parse(event.data);
    show(batch);
    source.close();
    document.getElementById('batch-status').textContent = 'Finished';
    // the failures list, "retry failed" and the download link come with the page
    if (!renderedFinished) { window.location.reload(); }
  });
  // refused (too many live streams open), ended by the server, or the connection lost: reloading shows the latest
  source.onerror = function () {
    source.close();
    if (!renderedFinished) {
      document.getElementById('batch-status').textContent = 'Live progress stopped; reload the page to see the latest.';
    }
  };
})();
