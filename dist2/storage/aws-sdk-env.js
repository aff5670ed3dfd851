// The product targets Node 20 (its engines field); the pinned AWS SDK supports it and would print a notice about
// its future releases into every command's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
export {};
//# sourceMappingURL=aws-sdk-env.js.map