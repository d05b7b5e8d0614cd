/** The cookie that carries a message from a server action to the page it redirects to. */
export const FLASH_COOKIE = "appgen-flash";
