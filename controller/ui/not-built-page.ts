/**
 * What `/` shows when there is no UI build (a source checkout before `npm run build`): a page
 * that says so, rather than a crash or a bare 404. The API is up either way.
 */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>StellarStack: admin UI not built</title></head>
<body>
<h1>The admin UI is not built</h1>
<p>This StellarStack controller is running and its API answers (see <a href="/api/v1/docs">/api/v1/docs</a>),
but the admin UI it serves here has not been built.</p>
<p>On the controller's machine, run <code>npm run build</code> in the StellarStack folder, then reload this page.</p>
</body>
</html>
`;
