let é = 1; in é
