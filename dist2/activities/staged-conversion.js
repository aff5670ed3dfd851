export {};
//# sourceMappingURL=staged-conversion.js.map