[ 1 (abort "aborted in list") ]
