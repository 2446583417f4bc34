import M2Crypto.m2


def show():
    print "linked against", M2Crypto.m2.OPENSSL_VERSION_TEXT
    exec "x = 1"
    mac = M2Crypto.EVP.hmac('key', 'data', 'sha1')
    return `mac`
