// 网上办事: the village select shows only the chosen town's villages; choosing an item reloads its guide.
(function () {
  'use strict';
  var town = document.querySelector('[data-gr-town-select]');
  var village = document.querySelector('[data-gr-village-select]');
  var item = document.querySelector('[data-gr-guide-select]');

  function filterVillages() {
    if (!town || !village) {
      return;
    }
    var groups = village.querySelectorAll('optgroup');
    for (var i = 0; i < groups.length; i++) {
      var match = !town.value || groups[i].getAttribute('data-town') === town.value;
      groups[i].hidden = !match;
      groups[i].disabled = !match;
    }
    var selected = village.options[village.selectedIndex];
    if (selected && selected.parentElement && selected.parentElement.disabled) {
      village.value = '';
    }
  }

  if (town) {
    town.addEventListener('change', filterVillages);
    filterVillages();
  }

  if (item) {
    item.addEventListener('change', function () {
      // Only before anything was typed: the guide panel is rendered by the server.
      var typed = ['Name', 'Phone', 'Description'].some(function (id) {
        var el = document.getElementById(id);
        return el && el.value;
      });
      if (!typed && item.value) {
        window.location.search = '?item=' + encodeURIComponent(item.value);
      }
    });
  }
})();
