(function () {
  'use strict';
  // Filtering and collapsing only: the report reads nothing and sends nothing. Text is never parsed as HTML here.
  var form = document.getElementById('filters');
  var details = Array.prototype.slice.call(document.querySelectorAll('details.evidence'));
  var allDetails = function () {
    return Array.prototype.slice.call(document.querySelectorAll('details'));
  };

  // The filter state lives in the URL's fragment (#filter?ns=…&cause=…&bundle=…), so a filtered view can be
  // bookmarked or sent; a fragment works for a file opened from disk, where the query string cannot change.
  var readState = function () {
    var hash = window.location.hash;
    if (hash.indexOf('#filter?') !== 0) return null;
    var state = { ns: '', bundle: '', causes: null };
    hash
      .slice('#filter?'.length)
      .split('&')
      .forEach(function (pair) {
        var eq = pair.indexOf('=');
        if (eq < 0) return;
        var key = pair.slice(0, eq);
        var value = decodeURIComponent(pair.slice(eq + 1));
        if (key === 'ns') state.ns = value;
        else if (key === 'bundle') state.bundle = value;
        else if (key === 'cause') state.causes = value === '' ? [] : value.split(',');
      });
    return state;
  };

  if (form) {
    var select = document.getElementById('filter-namespace');
    var bundleSelect = document.getElementById('filter-bundle');
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input.filter-cause'));
    var items = Array.prototype.slice.call(document.querySelectorAll('[data-filterable]'));
    var charts = Array.prototype.slice.call(document.querySelectorAll('figure.timeline'));
    var count = document.getElementById('filter-count');
    var noMatch = document.getElementById('no-match');

    var hasOption = function (selectElement, value) {
      return Array.prototype.some.call(selectElement.options, function (option) {
        return option.value === value;
      });
    };

    var apply = function (writeUrl) {
      var namespace = select.value;
      var bundle = bundleSelect ? bundleSelect.value : '';
      var causes = new Set();
      boxes.forEach(function (box) {
        if (box.checked) causes.add(box.value);
      });
      var placeMatches = function (item) {
        return (
          (namespace === '' || item.getAttribute('data-namespace') === namespace) &&
          (bundle === '' || item.getAttribute('data-bundle') === bundle)
        );
      };
      var causesOf = function (item) {
        return (item.getAttribute('data-causes') || '').split(' ');
      };
      var shown = 0;
      var total = 0;
      // Each cause's count is what checking it would show under the namespace and cluster chosen.
      var perCause = {};
      items.forEach(function (item) {
        var place = placeMatches(item);
        var visible =
          place &&
          causesOf(item).some(function (cause) {
            return causes.has(cause);
          });
        item.hidden = !visible;
        if (item.getAttribute('data-filterable') === 'finding') {
          total += 1;
          if (visible) shown += 1;
          if (place) {
            causesOf(item).forEach(function (cause) {
              perCause[cause] = (perCause[cause] || 0) + 1;
            });
          }
        }
      });
      boxes.forEach(function (box) {
        var label = box.parentNode.querySelector('.count');
        if (label) label.textContent = String(perCause[box.value] || 0);
      });
      charts.forEach(function (chart) {
        chart.hidden = chart.querySelector('.lane[data-filterable]:not([hidden])') === null;
      });
      count.textContent = 'Showing ' + shown + ' of ' + total + ' crashing containers';
      noMatch.hidden = shown !== 0;
      if (writeUrl) {
        var all = boxes.every(function (box) {
          return box.checked;
        });
        var parts = [];
        if (namespace) parts.push('ns=' + encodeURIComponent(namespace));
        if (bundle) parts.push('bundle=' + encodeURIComponent(bundle));
        if (!all) {
          parts.push(
            'cause=' +
              encodeURIComponent(
                boxes
                  .filter(function (box) {
                    return box.checked;
                  })
                  .map(function (box) {
                    return box.value;
                  })
                  .join(','),
              ),
          );
        }
        var base = window.location.href.split('#')[0];
        window.history.replaceState(null, '', parts.length > 0 ? base + '#filter?' + parts.join('&') : base);
      }
    };

    var restore = function () {
      var state = readState();
      if (!state) return;
      select.value = hasOption(select, state.ns) ? state.ns : '';
      if (bundleSelect) bundleSelect.value = hasOption(bundleSelect, state.bundle) ? state.bundle : '';
      boxes.forEach(function (box) {
        box.checked = state.causes === null || state.causes.indexOf(box.value) >= 0;
      });
    };

    form.addEventListener('change', function () {
      apply(true);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
    });
    document.getElementById('filter-reset').addEventListener('click', function () {
      select.value = '';
      if (bundleSelect) bundleSelect.value = '';
      boxes.forEach(function (box) {
        box.checked = true;
      });
      apply(true);
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
    restore();
    apply(false);
  }

  // A link to an embedded rule page (or any collapsed block) opens it.
  var openTarget = function () {
    var id = window.location.hash.slice(1);
    if (!id || id.indexOf('filter?') === 0) return;
    var target = document.getElementById(id);
    if (target && target.tagName === 'DETAILS') target.open = true;
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();

  // Print everything: collapsed evidence or inventory would be missing from paper. Restore the reader's choice.
  var wasOpen = [];
  var printed = [];
  window.addEventListener('beforeprint', function () {
    printed = allDetails();
    wasOpen = printed.map(function (d) {
      return d.open;
    });
    printed.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener('afterprint', function () {
    printed.forEach(function (d, i) {
      d.open = wasOpen[i] === true;
    });
  });
})();
