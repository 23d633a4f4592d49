// Live progress of a store's order sync, from the server-sent events of /api/v1/stores/{id}/sync-runs/live.
(function () {
  var live = document.getElementById('live');
  if (!live || !window.EventSource) { return; }
  var source = new EventSource(live.getAttribute('data-stream'));
  function show(run) {
    document.getElementById('live-pages').textContent = run.pages;
    document.getElementById('live-seen').textContent = run.ordersSeen;
    document.getElementById('live-changed').textContent = run.ordersChanged;
    document.getElementById('live-waits').textContent = run.rateLimitWaits;
  }
  source.addEventListener('progress', function (event) {
    var run = JSON.parse(event.data);
    show(run);
    document.getElementById('live-status').textContent = 'Syncing…';
  });
  source.addEventListener('finished', function (event) {
    var run = JSON.parse(event.data);
    show(run);
    document.getElementById('live-status').textContent = 'Finished: ' + run.outcome + (run.error ? ' — ' + run.error : '');
    source.close();
  });
  // refused (too many live streams open), ended by the server, or the connection lost: reloading shows the latest
  source.onerror = function () {
    source.close();
    document.getElementById('live-status').textContent = 'Live progress stopped; reload the page to see the latest.';
  };
})();
