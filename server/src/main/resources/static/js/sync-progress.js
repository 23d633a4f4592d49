// Live progress of a store's order sync, from the server-sent events of /api/v1/stores/{id}/sync-runs/live; when a run
// shows up and when it finishes, the page is fetched again and its state (alerts, interval, next sync) and history
// replace the ones shown, as the server renders them.
(function () {
  var live = document.getElementById('live');
  if (!live || !window.EventSource) { return; }
  var outcomes = {};
  try { outcomes = JSON.parse(live.getAttribute('data-outcomes') || '{}'); } catch (ignored) { outcomes = {}; }
  var status = document.getElementById('live-status');
  var source = new EventSource(live.getAttribute('data-stream'));
  var shownRun = null;

  function count(id, value) {
    var element = document.getElementById(id);
    element.textContent = Number(value).toLocaleString();
    var unit = element.nextElementSibling;
    if (unit && unit.hasAttribute('data-plural')) {
      unit.textContent = unit.getAttribute('data-plural') + (Number(value) === 1 ? '' : 's');
    }
  }
  function show(run) {
    count('live-pages', run.pages);
    count('live-seen', run.ordersSeen);
    count('live-changed', run.ordersChanged);
    count('live-waits', run.rateLimitWaits);
  }
  var requested = 0;
  function refreshHistory() {
    if (!window.fetch) { return; }
    var request = ++requested;
    fetch(live.getAttribute('data-page'), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // an older answer arriving after a newer one (the run's start after its end) is dropped
        if (!html || request !== requested) { return; }
        var page = new DOMParser().parseFromString(html, 'text/html');
        ['sync-state', 'history'].forEach(function (id) {
          var fresh = page.getElementById(id);
          var shown = document.getElementById(id);
          if (fresh && shown) { shown.replaceWith(fresh); }
        });
      })
      .catch(function () { /* the live card still shows the run; a reload shows the rest */ });
  }
  source.addEventListener('progress', function (event) {
    var run = JSON.parse(event.data);
    show(run);
    status.textContent = 'Syncing…';
    if (shownRun !== run.id) { shownRun = run.id; refreshHistory(); }
  });
  source.addEventListener('finished', function (event) {
    var run = JSON.parse(event.data);
    show(run);
    var words = outcomes[run.outcome] || run.outcome;
    status.textContent = 'Finished: ' + words + (run.error ? ' — ' + run.error : '');
    source.close();
    refreshHistory();
  });
  // refused (too many live streams open), ended by the server, or the connection lost: reloading shows the latest
  source.onerror = function () {
    source.close();
    status.textContent = 'Live progress stopped; reload the page to see the latest.';
  };
})();
