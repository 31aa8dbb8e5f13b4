// Public entry point of rxjs-pooled-map.
export {};
