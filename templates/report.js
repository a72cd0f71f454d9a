(function () {
  'use strict';
  // Filtering and collapsing only: the report reads nothing and sends nothing. Text is never parsed as HTML here.
  var form = document.getElementById('filters');
  var details = Array.prototype.slice.call(document.querySelectorAll('details.evidence'));

  if (form) {
    var select = document.getElementById('filter-namespace');
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input.filter-cause'));
    var items = Array.prototype.slice.call(document.querySelectorAll('[data-filterable]'));
    var count = document.getElementById('filter-count');
    var noMatch = document.getElementById('no-match');

    var apply = function () {
      var namespace = select.value;
      var causes = new Set();
      boxes.forEach(function (box) {
        if (box.checked) causes.add(box.value);
      });
      var shown = 0;
      var total = 0;
      items.forEach(function (item) {
        var visible =
          (namespace === '' || item.getAttribute('data-namespace') === namespace) &&
          (item.getAttribute('data-causes') || '').split(' ').some(function (cause) {
            return causes.has(cause);
          });
        item.hidden = !visible;
        if (item.getAttribute('data-filterable') === 'finding') {
          total += 1;
          if (visible) shown += 1;
        }
      });
      count.textContent = 'Showing ' + shown + ' of ' + total + ' crashing containers';
      noMatch.hidden = shown !== 0;
    };

    form.addEventListener('change', apply);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
    });
    document.getElementById('filter-reset').addEventListener('click', function () {
      select.value = '';
      boxes.forEach(function (box) {
        box.checked = true;
      });
      apply();
    });
    document.getElementById('expand-all').addEventListener('click', function () {
      details.forEach(function (d) {
        d.open = true;
      });
    });
    document.getElementById('collapse-all').addEventListener('click', function () {
      details.forEach(function (d) {
        d.open = false;
      });
    });
    form.hidden = false;
    apply();
  }

  // Print everything: collapsed evidence would be missing from paper. Restore the reader's choice afterwards.
  var wasOpen = [];
  window.addEventListener('beforeprint', function () {
    wasOpen = details.map(function (d) {
      return d.open;
    });
    details.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener('afterprint', function () {
    details.forEach(function (d, i) {
      d.open = wasOpen[i] === true;
    });
  });
})();
