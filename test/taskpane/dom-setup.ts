/**
 * jsdom setup for component tests: layout facts jsdom lacks that Fluent UI's focus manager
 * (tabster) uses to skip hidden elements. Import this first in every component test.
 */

// jsdom has no layout: offsetParent is always null and <body> measures 0 × 0, so tabster would
// take every element for hidden. Here an element is laid out unless it or an ancestor is hidden
// or display: none, and the body has the size of a task pane.
if (typeof HTMLElement !== "undefined") {
  HTMLBodyElement.prototype.getBoundingClientRect = function () {
    return {
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      right: 320,
      bottom: 800,
      width: 320,
      height: 800,
      toJSON: () => ({}),
    };
  };
  Object.defineProperty(HTMLElement.prototype, "offsetParent", {
    configurable: true,
    get(this: HTMLElement) {
      const laidOut = (el: HTMLElement | null): boolean =>
        !el || (!el.hidden && window.getComputedStyle(el).display !== "none" && laidOut(el.parentElement));
      return laidOut(this) ? this.parentElement : null;
    },
  });
}
