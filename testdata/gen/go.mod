module cpvgen

go 1.19
